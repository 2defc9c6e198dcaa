package dev.unlearning.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// TODO(skeleton): implemented by its issue's work.
@Command(name = "operator", description = "Not implemented yet.")
public class OperatorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("operator: not implemented yet");
    return 1;
  }
}
