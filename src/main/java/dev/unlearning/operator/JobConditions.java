package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Optional;

/** Looks up the Job controller's conditions. */
final class JobConditions {

  private JobConditions() {}

  /** The condition of that type when its status is True. */
  static Optional<JobCondition> find(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  static boolean isSuspended(Job job) {
    return (job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend())) || find(job, "Suspended").isPresent();
  }
}
