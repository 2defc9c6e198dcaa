package dev.unlearning.operator;

/**
 * What the operator promises the worker container, and what it expects back. The worker command reads these
 * constants; change them only together with it.
 */
public final class WorkerContract {

  /** Name of the worker container in the Job's pod. */
  public static final String CONTAINER = "worker";
  /** Argument that selects the worker command of the bundled application (the image's entrypoint runs it). */
  public static final String COMMAND = "worker";
  /** Environment variable holding the request's spec as JSON. */
  public static final String ENV_REQUEST = "UNLEARNING_REQUEST";
  /** Environment variable holding {@code <namespace>/<name>} of the request, for logs. */
  public static final String ENV_REQUEST_NAME = "UNLEARNING_REQUEST_NAME";
  /** Where the worker writes its {@code TerminationMessage} JSON (at most 4096 bytes). */
  public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  /** The only writable directory besides the output claim: the root filesystem is read-only. HOME points here. */
  public static final String SCRATCH_DIR = "/tmp";

  private WorkerContract() {}
}
