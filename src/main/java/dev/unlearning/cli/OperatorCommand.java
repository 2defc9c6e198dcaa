package dev.unlearning.cli;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the controller until the process is stopped. The only command that talks to a cluster. */
@Command(name = "operator",
    description = "Runs the Kubernetes operator: reconciles UnlearningRequests into worker Jobs until stopped.")
public class OperatorCommand implements Callable<Integer> {

  // Looked up only when this command runs, so `run` and `worker` never build the operator.
  @Inject
  Instance<Operator> operator;

  @Override
  public Integer call() {
    operator.get().start();
    Quarkus.waitForExit();
    return 0;
  }
}
