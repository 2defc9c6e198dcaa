package dev.unlearning.cli;

import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.Location;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.StorageSpec;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.api.WorkerExitCode;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.UnlearningResult;
import dev.unlearning.engine.evidence.EvidenceContext;
import dev.unlearning.engine.storage.StorageLocations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a request on this machine: the same YAML that {@code kubectl apply} takes, no cluster needed. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs an UnlearningRequest YAML locally and prints the accuracies of the original and unlearned model.",
    footer = {"", "Exit codes: 0 success, 2 invalid input, 3 diverged training, 4 acceptance gate not met (the model is kept"
        + " at <output>.rejected), 1 unexpected error, 128+N ended by signal N (134: a crash in native code; the error"
        + " line names the fault and the JVM's crash report)."})
public class RunCommand implements Callable<Integer> {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "REQUEST.yaml",
      description = "UnlearningRequest YAML file (apiVersion unlearning.dev/v1alpha1).")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory; overrides spec.output.uri.")
  String output;

  @Option(names = "--pvc-root", paramLabel = "DIR", defaultValue = WorkerContract.PVC_MOUNT_ROOT,
      description = "Local directory that holds pvc://<claim>/... locations as <DIR>/<claim>/... (default: ${DEFAULT-VALUE}).")
  Path pvcRoot;

  // The packaged application runs the request in a child JVM, so that a native crash can be told (CrashWatch);
  // the child runs it itself.
  @Option(names = "--watch", negatable = true, defaultValue = "true", fallbackValue = "true", hidden = true,
      description = "Run the packaged application's request in a child JVM and report a native crash of it "
          + "(default); --no-watch runs it in this JVM.")
  boolean watch;

  @Option(names = "--signing-key", paramLabel = "KEY.pem",
      description = "Sign the evidence record with this ECDSA P-256 private key (cosign.key, or openssl's PKCS#8 or SEC1"
          + " PEM); an encrypted key's password is read from $UNLEARNING_SIGNING_KEY_PASSWORD or $COSIGN_PASSWORD."
          + " Needed when the spec names spec.evidence.signingKey.")
  Path signingKey;

  @Option(names = "--forget-key", paramLabel = "FILE",
      description = "Digest the forget set with HMAC-SHA-256 under this key (the file's bytes, at least 32). Needed"
          + " when the spec names spec.evidence.forgetKey.")
  Path forgetKey;

  PrintStream out = System.out;
  PrintStream err = System.err;
  UnaryOperator<String> env = System::getenv;

  @Override
  public Integer call() {
    if (watch) {
      CrashWatch crashWatch = new CrashWatch(Path.of(System.getProperty("java.io.tmpdir")));
      ProcessHandle.Info self = ProcessHandle.current().info();
      Optional<List<String>> child = crashWatch.childCommand(self.command(), self.arguments());
      if (child.isPresent()) {
        return crashWatch.run(child.get(), err);
      }
    }
    try {
      UnlearningRequest request = RequestFiles.readRequest(file);
      if (output != null && request.getSpec().getOutput() != null) {
        request.getSpec().getOutput().setUri(output); // the file's output.overwrite still holds
      } else if (output != null) {
        request.getSpec().setOutput(new OutputSpec(output));
      }
      EvidenceContext evidence = EvidenceKeys.forLocalRun(request.getSpec(), signingKey, forgetKey, env);
      out.println("Unlearning request '" + request.getMetadata().getName() + "' from " + file);
      UnlearningResult result;
      // Local runs read the AWS variables of this shell; spec.job (scratchSize too) is the cluster's.
      try (StorageLocations storage = StorageLocations.create(pvcRoot, env, OptionalLong.empty(),
          StorageSpec.effectiveMaxConcurrentRequests(request.getSpec().getStorage()))) {
        result = new UnlearningPipeline(storage, new ConsoleProgress(out)).run(request.getSpec(),
            OutputOwner.local(request.getMetadata().getName(), file.getFileName().toString(), request.getSpec()),
            evidence);
      }
      out.println();
      out.print(ResultTable.render(result.summary()));
      String outputUri = request.getSpec().getOutput().getUri();
      String savedAt = result.verdict().rejected() ? AcceptanceSpec.rejectedUri(outputUri) : outputUri;
      out.println("results: " + shown(savedAt, result.resultJson()));
      out.println("model:   " + shown(savedAt, result.modelFile()));
      out.println("record:  " + result.evidence().getUri() + " (" + (Boolean.TRUE.equals(result.evidence().getSigned())
          ? "signed by key " + result.evidence().getKeyId() : "unsigned") + ")");
      if (result.verdict().rejected()) {
        err.println("error: " + Rejection.message(result, outputUri));
        return WorkerExitCode.ACCEPTANCE_NOT_MET.code();
      }
      return 0;
    } catch (RuntimeException e) {
      return Failure.report(e, err);
    }
  }

  /** Where an output file is for the user: an s3:// output's local copy is gone by now, so the object's URI. */
  static String shown(String outputUri, Path local) {
    Location output = Location.parse("spec.output.uri", outputUri);
    if (!output.remote()) {
      return local.toString();
    }
    String prefix = output.display();
    return prefix + (prefix.endsWith("/") ? "" : "/") + local.getFileName();
  }
}
