package dev.unlearning.cli;

import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.WorkerExitCode;
import dev.unlearning.engine.UnlearningException;

/** What went wrong, as the exit code and the one message a user sees. */
record Failure(WorkerExitCode code, String message, boolean unexpected) {

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
