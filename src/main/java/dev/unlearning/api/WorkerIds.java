package dev.unlearning.api;

import java.util.List;

/**
 * The user, group and fsGroup ids a request may set for its worker pod ({@code spec.job.runAsUser}, {@code runAsGroup},
 * {@code fsGroup}), checked as Kubernetes checks them: 0 to 2147483647, and never user 0, since the pod runs with
 * runAsNonRoot.
 */
public final class WorkerIds {

  /** The largest id Kubernetes accepts. */
  public static final long MAX_ID = Integer.MAX_VALUE;

  private WorkerIds() {}

  static void validate(JobSettings job, List<SpecValidationException> out) {
    check(out, "spec.job.runAsUser", job.getRunAsUser(), 1, " (the worker never runs as root)");
    check(out, "spec.job.runAsGroup", job.getRunAsGroup(), 0, "");
    check(out, "spec.job.fsGroup", job.getFsGroup(), 0, "");
  }

  private static void check(List<SpecValidationException> out, String field, Long id, long min, String why) {
    if (id != null && (id < min || id > MAX_ID)) {
      out.add(new SpecValidationException(field, "must be between " + min + " and " + MAX_ID + why + " (got " + id + ")"));
    }
  }
}
