package dev.unlearning.api;

/**
 * Exit codes of the worker. The operator's podFailurePolicy fails the Job at once on INVALID_INPUT, DIVERGED and
 * ACCEPTANCE_NOT_MET (retrying cannot help: the same seeds give the same model) and lets the backoff limit retry the
 * rest.
 */
public enum WorkerExitCode {
  OK(0, "Succeeded"),
  ERROR(1, "Error"),
  INVALID_INPUT(2, "InvalidInput"),
  DIVERGED(3, "Diverged"),
  /** The unlearned model missed spec.acceptance: not published, kept beside the output with its record. */
  ACCEPTANCE_NOT_MET(4, "AcceptanceNotMet");

  private final int code;
  private final String reason;

  WorkerExitCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() { return code; }

  public String reason() { return reason; }

  public static WorkerExitCode fromCode(int code) {
    for (WorkerExitCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return ERROR;
  }
}
