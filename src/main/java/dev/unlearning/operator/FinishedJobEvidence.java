package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Whether a finished Job's pods have reached the operator yet. Jobs and pods come through two informers with no
 * order between them: the Job's Complete or Failed condition can arrive before the terminated pod that tells why
 * (an OOMKilled pod, the worker's termination message with its results). A finished status is final, so written
 * from the Job alone it would say BackoffLimitExceeded instead of OOMKilled, or "no results" for a run that has
 * them. The status is held for a short grace while the Job counts finished pods the cache does not show yet.
 */
final class FinishedJobEvidence {

  /** Long enough for a pod event that lags its Job's; short enough that a pod gone for good delays little. */
  static final Duration GRACE = Duration.ofSeconds(10);
  static final String REASON = "JobFinishing";

  private FinishedJobEvidence() {}

  /** How much longer to wait for the pods of a finished Job, empty when the status can be written now. */
  static Optional<Duration> awaited(Job job, WorkerObservation observation, Instant now) {
    Optional<JobCondition> complete = JobConditions.find(job, "Complete");
    Optional<JobCondition> failed = JobConditions.find(job, "Failed");
    boolean missing;
    if (complete.isPresent()) {
      missing = observation.pods().stream().map(WorkerPod::new).noneMatch(WorkerPod::succeeded);
    } else if (failed.isPresent()) {
      // A deadline is told by the Job itself; its pods may never have started.
      boolean counted = job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0;
      missing = counted && !FailureCause.DEADLINE_EXCEEDED.equals(failed.get().getReason())
          && observation.pods().stream().map(WorkerPod::new).noneMatch(p -> p.terminated().isPresent());
    } else {
      return Optional.empty();
    }
    if (!missing) {
      return Optional.empty();
    }
    Optional<Instant> since = finishedAt(complete.or(() -> failed).get());
    if (since.isEmpty()) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, since.get().plus(GRACE));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  private static Optional<Instant> finishedAt(JobCondition condition) {
    try {
      return Optional.ofNullable(condition.getLastTransitionTime()).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
