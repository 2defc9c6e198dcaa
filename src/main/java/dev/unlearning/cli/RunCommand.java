package dev.unlearning.cli;

import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.UnlearningResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a request on this machine: the same YAML that {@code kubectl apply} takes, no cluster needed. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs an UnlearningRequest YAML locally and prints the accuracies of the original and unlearned model.",
    footer = {"", "Exit codes: 0 success, 2 invalid input, 3 diverged training, 1 unexpected error."})
public class RunCommand implements Callable<Integer> {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "REQUEST.yaml",
      description = "UnlearningRequest YAML file (apiVersion unlearning.dev/v1alpha1).")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory; overrides spec.output.uri.")
  String output;

  @Option(names = "--pvc-root", paramLabel = "DIR", defaultValue = WorkerContract.PVC_MOUNT_ROOT,
      description = "Local directory that holds pvc://<claim>/... locations as <DIR>/<claim>/... (default: ${DEFAULT-VALUE}).")
  Path pvcRoot;

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    try {
      UnlearningRequest request = RequestFiles.readRequest(file);
      if (output != null) {
        request.getSpec().setOutput(new OutputSpec(output));
      }
      out.println("Unlearning request '" + request.getMetadata().getName() + "' from " + file);
      UnlearningResult result = new UnlearningPipeline(pvcRoot, new ConsoleProgress(out)).run(request.getSpec());
      out.println();
      out.print(ResultTable.render(result.summary()));
      out.println("results: " + result.resultJson());
      out.println("model:   " + result.modelFile());
      return 0;
    } catch (RuntimeException e) {
      Failure failure = Failure.of(e);
      if (failure.unexpected()) {
        e.printStackTrace(err);
      }
      err.println("error: " + failure.message());
      return failure.code().code();
    }
  }
}
