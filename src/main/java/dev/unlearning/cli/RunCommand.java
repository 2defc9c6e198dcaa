package dev.unlearning.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// TODO(skeleton): implemented by its issue's work.
@Command(name = "run", description = "Not implemented yet.")
public class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("run: not implemented yet");
    return 1;
  }
}
