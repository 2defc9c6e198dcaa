package dev.unlearning.api;

/**
 * What the operator promises the worker container, and what it expects back: the one place of these facts. The
 * operator builds the Job from them and the worker command reads them, so both halves change together.
 */
public final class WorkerContract {

  /** Name of the worker container in the Job's pod. */
  public static final String CONTAINER = "worker";
  /** Argument that selects the worker command of the bundled application (the image's entrypoint runs it). */
  public static final String COMMAND = "worker";
  /** Environment variable holding the request's spec as JSON. */
  public static final String ENV_REQUEST = "UNLEARNING_REQUEST";
  /** Environment variable holding {@code <namespace>/<name>} of the request, for logs and the output's owner. */
  public static final String ENV_REQUEST_NAME = "UNLEARNING_REQUEST_NAME";
  /** Environment variable holding the request's metadata.uid: with the name, whose output the worker writes. */
  public static final String ENV_REQUEST_UID = "UNLEARNING_REQUEST_UID";
  /** Environment variable holding the request's metadata.generation, for the evidence record. */
  public static final String ENV_REQUEST_GENERATION = "UNLEARNING_REQUEST_GENERATION";
  /** Environment variable holding the worker image as the Job names it, for the evidence record. */
  public static final String ENV_JOB_IMAGE = "UNLEARNING_JOB_IMAGE";
  /** Environment variable holding the PEM signing key of the evidence record (from spec.evidence.signingKey's Secret). */
  public static final String ENV_SIGNING_KEY = "UNLEARNING_SIGNING_KEY";
  /** Environment variable holding the signing key's password, when its Secret has one. */
  public static final String ENV_SIGNING_KEY_PASSWORD = "UNLEARNING_SIGNING_KEY_PASSWORD";
  /** Environment variable holding the HMAC key of the forget set's digest (from spec.evidence.forgetKey's Secret). */
  public static final String ENV_FORGET_KEY = "UNLEARNING_FORGET_KEY";
  /** Where the worker writes its {@code TerminationMessage} JSON (at most 4096 bytes). */
  public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  /** The only writable directory besides the output claim: the root filesystem is read-only. HOME points here. */
  public static final String SCRATCH_DIR = "/tmp";
  /**
   * Where the operator mounts persistent volume claims in the worker pod: {@code pvc://<claim>/<path>} is
   * {@code <PVC_MOUNT_ROOT>/<claim>/<path>} there (see {@link Location}).
   */
  public static final String PVC_MOUNT_ROOT = "/mnt/pvc";

  private WorkerContract() {}
}
