package dev.unlearning.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need a program outside the JVM (Debian's python3 with torch or scikit-learn, kubectl). On a
 * developer's machine without it the test is skipped with the reason; in CI ({@code CI=true}, as {@code .ci/run} runs)
 * it fails, since {@code .ci/run} installs every such tool and a skip there would hide a broken install.
 */
public final class RequiredTool {

  private RequiredTool() {}

  /** Skips (fails under {@code CI=true}) the calling test when {@code available} is false. */
  public static void require(boolean available, String what) {
    require(available, what, "true".equalsIgnoreCase(System.getenv("CI")));
  }

  static void require(boolean available, String what, boolean ci) {
    if (available) {
      return;
    }
    String message = what + " is not available (.ci/run installs it)";
    if (ci) {
      Assertions.fail(message + "; under CI=true a missing tool fails the test instead of skipping it");
    }
    Assumptions.abort(message);
  }
}
