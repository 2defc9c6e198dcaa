package dev.unlearning.engine.storage;

import dev.unlearning.api.WorkerExitCode;
import dev.unlearning.engine.UnlearningException;

/**
 * A storage service stayed unreachable or kept failing (network errors, HTTP 5xx, throttling) after every retry.
 * Exit code 1: the input may be fine, so the Job's backoff limit may try the pod again.
 */
public class StorageUnavailableException extends UnlearningException {

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public WorkerExitCode exitCode() {
    return WorkerExitCode.ERROR;
  }
}
