package dev.unlearning.engine;

import dev.unlearning.api.WorkerExitCode;

/** A failure of an unlearning run that maps to a worker exit code. */
public abstract class UnlearningException extends RuntimeException {

  protected UnlearningException(String message) {
    super(message);
  }

  protected UnlearningException(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract WorkerExitCode exitCode();
}
