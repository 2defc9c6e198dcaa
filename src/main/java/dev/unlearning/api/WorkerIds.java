package dev.unlearning.api;

/**
 * The user, group and fsGroup ids a request may set for its worker pod ({@code spec.job.runAsUser}, {@code runAsGroup},
 * {@code fsGroup}): the CRD bounds them as Kubernetes does, 0 to 2147483647, and never user 0, since the pod runs with
 * runAsNonRoot.
 */
public final class WorkerIds {

  /** The largest id Kubernetes accepts. */
  public static final long MAX_ID = Integer.MAX_VALUE;

  private WorkerIds() {}
}
