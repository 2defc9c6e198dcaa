package dev.unlearning.engine;

import dev.unlearning.api.WorkerExitCode;

/** Training produced a NaN or infinite loss (e.g. far too much noise or too high a learning rate). */
public class DivergedException extends UnlearningException {

  public DivergedException(String message) {
    super(message);
  }

  @Override
  public WorkerExitCode exitCode() {
    return WorkerExitCode.DIVERGED;
  }
}
