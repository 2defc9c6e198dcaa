package dev.unlearning.cli;

import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.WorkerExitCode;
import dev.unlearning.engine.UnlearningException;

/** What went wrong, as the exit code and the one message a user sees. */
record Failure(WorkerExitCode code, String message, boolean unexpected) {

  /** Prints the one error line (after the stack trace of an unexpected error) and returns the exit code. */
  static int report(RuntimeException e, java.io.PrintStream err) {
    Failure failure = of(e);
    if (failure.unexpected()) {
      e.printStackTrace(err);
    }
    err.println("error: " + failure.message());
    return failure.code().code();
  }

  static Failure of(Throwable t) {
    if (t instanceof UnlearningException e) {
      return new Failure(e.exitCode(), e.getMessage(), false);
    }
    if (t instanceof SpecValidationException e) {
      return new Failure(WorkerExitCode.INVALID_INPUT, e.getMessage(), false);
    }
    String detail = t.getMessage() == null ? "" : ": " + t.getMessage();
    return new Failure(WorkerExitCode.ERROR, "unexpected error " + t.getClass().getName() + detail, true);
  }
}
