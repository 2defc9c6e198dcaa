package dev.unlearning.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// TODO(skeleton): implemented by its issue's work.
@Command(name = "worker", description = "Not implemented yet.")
public class WorkerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("worker: not implemented yet");
    return 1;
  }
}
