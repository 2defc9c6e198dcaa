package dev.unlearning.cli;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.RequestValidator;
import dev.unlearning.api.StorageRules;
import dev.unlearning.api.StorageSpec;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.api.WorkerExitCode;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.UnlearningResult;
import dev.unlearning.engine.evidence.EvidenceContext;
import dev.unlearning.engine.storage.StorageLocations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The entry point of the Kubernetes Job's pod. Reads the spec from {@value WorkerContract#ENV_REQUEST} (JSON, set by
 * the operator) or a request file, runs it, and reports the outcome through the exit code and the termination message.
 */
@Command(name = WorkerContract.COMMAND, mixinStandardHelpOptions = true,
    description = "Runs one unlearning request inside a Kubernetes Job and writes a termination message for the operator.",
    footer = {"", "Exit codes: 0 success, 2 invalid input, 3 diverged training, 4 acceptance gate not met (the model is"
        + " kept at <output>.rejected), 1 unexpected error."})
public class WorkerCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(WorkerCommand.class);

  @Option(names = {"-f", "--file"}, paramLabel = "REQUEST.yaml",
      description = "Read the request from this UnlearningRequest YAML instead of $" + WorkerContract.ENV_REQUEST + ".")
  Path file;

  @Option(names = "--termination-message-path", paramLabel = "FILE",
      defaultValue = "${env:TERMINATION_MESSAGE_PATH:-" + WorkerContract.TERMINATION_MESSAGE_PATH + "}",
      description = "Where the compact result (or the error) is written for Kubernetes (default: ${DEFAULT-VALUE}).")
  Path terminationMessagePath;

  @Option(names = "--pvc-root", paramLabel = "DIR", defaultValue = WorkerContract.PVC_MOUNT_ROOT,
      description = "Where the operator mounts pvc://<claim> locations (default: ${DEFAULT-VALUE}).")
  Path pvcRoot;

  @Option(names = "--scratch-dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}",
      description = "Scratch space (HOME, temporary files) checked for writing before the run (default: ${DEFAULT-VALUE}).")
  Path scratchDir;

  UnaryOperator<String> env = System::getenv;
  /** Where the progress lines go that the operator reads from the pod log. */
  PrintStream progressOut = System.out;
  String workerVersion = BuildVersion.current();

  @Override
  public Integer call() {
    TerminationMessageWriter termination = new TerminationMessageWriter(terminationMessagePath);
    String requestName = env.apply(WorkerContract.ENV_REQUEST_NAME);
    String name = requestName != null ? requestName : (file != null ? file.toString() : "request");
    try {
      UnlearningRequest fromFile = file != null ? RequestFiles.readRequest(file) : null;
      UnlearningRequestSpec spec = fromFile != null ? fromFile.getSpec() : specFromOperator();
      RequestValidator.validate(spec);
      OutputOwner owner = fromFile != null
          ? OutputOwner.local(fromFile.getMetadata().getName(), file.getFileName().toString(), spec)
          : ownerFromOperator(requestName, spec);
      WritableCheck.outputAndScratch(spec, pvcRoot, scratchDir, ProcessIdentity.current());
      EvidenceContext evidence = EvidenceKeys.forWorker(spec, env);
      UnlearningResult result;
      try (StorageLocations storage = StorageLocations.create(pvcRoot, env, StorageRules.scratchLimit(spec),
          StorageSpec.effectiveMaxConcurrentRequests(spec.getStorage()))) {
        result = new UnlearningPipeline(storage, new LogProgress(name, progressOut)).run(spec, owner, evidence);
      }
      if (result.verdict().rejected()) {
        String message = Rejection.message(result, spec.getOutput().getUri());
        termination.write(TerminationMessage.notAccepted(message, result.summary(), result.evidence()));
        LOG.errorf("[%s] failed: %s%n%s", name, message, ResultTable.render(result.summary()));
        return WorkerExitCode.ACCEPTANCE_NOT_MET.code();
      }
      TerminationMessage succeeded = TerminationMessage.succeeded(result.summary());
      succeeded.setEvidence(result.evidence());
      termination.write(succeeded);
      LOG.infof("[%s] succeeded; results in %s%n%s", name, RunCommand.shown(spec.getOutput().getUri(),
          result.resultJson()), ResultTable.render(result.summary()));
      return 0;
    } catch (RuntimeException e) {
      Failure failure = Failure.of(e);
      if (failure.unexpected()) {
        LOG.errorf(e, "[%s] failed: %s", name, failure.message());
      } else {
        LOG.errorf("[%s] failed: %s", name, failure.message());
      }
      termination.write(TerminationMessage.failed(failure.code(), failure.message()));
      return failure.code().code();
    }
  }

  private UnlearningRequestSpec specFromOperator() {
    String json = env.apply(WorkerContract.ENV_REQUEST);
    if (json == null) {
      throw new InvalidInputException(
          "no request: set the environment variable " + WorkerContract.ENV_REQUEST + " or pass --file");
    }
    return SpecFromOperator.read(json, "environment variable " + WorkerContract.ENV_REQUEST,
        env.apply(BuildVersion.ENV_OPERATOR_VERSION), workerVersion);
  }

  /** The request object of the Job: namespace/name and UID from the operator (an older one sets no UID). */
  private OutputOwner ownerFromOperator(String namespacedName, UnlearningRequestSpec spec) {
    int slash = namespacedName == null ? -1 : namespacedName.indexOf('/');
    String namespace = slash < 0 ? null : namespacedName.substring(0, slash);
    return OutputOwner.cluster(namespace, slash < 0 ? namespacedName : namespacedName.substring(slash + 1),
        env.apply(WorkerContract.ENV_REQUEST_UID), spec);
  }
}
