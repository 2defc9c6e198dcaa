package dev.unlearning.operator;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Fails a run that cannot start instead of leaving it Pending forever: a worker not running within
 * {@code spec.job.startDeadlineSeconds} of the Job's start, or one that can never start. The clock is the Job's
 * {@code status.startTime}, which the Job controller sets only while the Job is not suspended and resets on every
 * resume, so time held by Kueue (or by spec.suspend) does not count.
 */
final class StartDeadline {

  static final String START_TIMEOUT = "StartTimeout";
  /** Waiting reasons no retry fixes: the request fails at once. */
  static final Set<String> HOPELESS = Set.of("InvalidImageName", "CreateContainerConfigError");

  private StartDeadline() {}

  /** Why the request must fail before its worker ever ran; {@code status} is the Pending status just computed. */
  static Optional<FailureCause> check(JobSettings settings, WorkerObservation observation,
      UnlearningRequestStatus status, Instant now) {
    if (everStarted(observation, status)) {
      return Optional.empty();
    }
    Optional<ContainerStateWaiting> waiting = observation.newestPod().map(WorkerPod::new).flatMap(WorkerPod::waiting);
    if (waiting.isPresent() && HOPELESS.contains(waiting.get().getReason())) {
      return Optional.of(new FailureCause(waiting.get().getReason(),
          "the worker cannot start: " + PodWaiting.describe(waiting.get()) + "; its Job was deleted"));
    }
    return deadline(settings, observation).filter(d -> !now.isBefore(d)).map(d -> new FailureCause(START_TIMEOUT,
        "the worker did not start running within " + seconds(settings) + " s (spec.job.startDeadlineSeconds); last"
            + " cause: " + status.getMessage() + "; its Job was deleted"));
  }

  /** Time left until the deadline, while it counts. */
  static Optional<Duration> remaining(JobSettings settings, WorkerObservation observation,
      UnlearningRequestStatus status, Instant now) {
    if (everStarted(observation, status)) {
      return Optional.empty();
    }
    return deadline(settings, observation).map(d -> Duration.between(now, d)).filter(d -> !d.isNegative());
  }

  /** A request failed by this class: its Job must go, so it holds no queue slot or GPU. */
  static boolean endsTheJob(UnlearningRequestStatus status) {
    return status.getConditions().stream()
        .anyMatch(c -> ConditionSet.FAILED.equals(c.getType()) && ConditionSet.TRUE.equals(c.getStatus())
            && (START_TIMEOUT.equals(c.getReason()) || HOPELESS.contains(c.getReason())));
  }

  private static boolean everStarted(WorkerObservation observation, UnlearningRequestStatus status) {
    return status.getStartTime() != null || observation.pods().stream().map(WorkerPod::new)
        .anyMatch(p -> p.running().isPresent() || p.terminated().isPresent());
  }

  private static Optional<Instant> deadline(JobSettings settings, WorkerObservation observation) {
    // No startTime yet: the Job controller has not started the Job, so nothing counts.
    return observation.job().filter(j -> !JobConditions.isSuspended(j))
        .map(j -> j.getStatus() == null ? null : j.getStatus().getStartTime())
        .map(Instant::parse).map(t -> t.plusSeconds(seconds(settings)));
  }

  private static long seconds(JobSettings settings) {
    return settings == null ? JobSettings.DEFAULT_START_DEADLINE_SECONDS : settings.effectiveStartDeadlineSeconds();
  }
}
