package dev.unlearning.cli;

import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import java.nio.file.Path;

/**
 * Runs the worker's writability check in a JVM of its own, which {@link WritableCheckTest} starts as the worker's
 * user: root, as tests may run here, writes everywhere. Arguments: pvc root, scratch dir, output uri.
 */
public final class WritableCheckProbe {

  private WritableCheckProbe() {}

  public static void main(String[] args) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setOutput(new OutputSpec(args[2]));
    try {
      WritableCheck.outputAndScratch(spec, Path.of(args[0]), Path.of(args[1]), ProcessIdentity.current());
      System.out.println("writable");
    } catch (InvalidInputException e) {
      System.out.println(e.getMessage());
      System.exit(2);
    }
  }
}
