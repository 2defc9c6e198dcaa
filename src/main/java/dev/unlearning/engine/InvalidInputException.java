package dev.unlearning.engine;

import dev.unlearning.api.WorkerExitCode;

/** Input that cannot work (a field, a file, a model): retrying does not help. The message names the field or file. */
public class InvalidInputException extends UnlearningException {

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public WorkerExitCode exitCode() {
    return WorkerExitCode.INVALID_INPUT;
  }
}
