package dev.unlearning.operator;

import static dev.unlearning.operator.ConditionSet.ACCEPTED;
import static dev.unlearning.operator.ConditionSet.COMPLETE;
import static dev.unlearning.operator.ConditionSet.FAILED;
import static dev.unlearning.operator.ConditionSet.FALSE;
import static dev.unlearning.operator.ConditionSet.RUNNING;
import static dev.unlearning.operator.ConditionSet.SCHEDULED;
import static dev.unlearning.operator.ConditionSet.TRUE;
import static dev.unlearning.operator.ConditionSet.UNKNOWN;

import dev.unlearning.api.Phase;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.api.UnsupportedFieldException;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes a request's status from what was observed: spec problems, the Job and its pods. Pure, so every state
 * the cluster can be in is unit-tested. A finished request keeps its status: nothing re-runs it.
 */
public final class StatusMapper {

  private StatusMapper() {}

  public static UnlearningRequestStatus map(UnlearningRequest request, List<SpecValidationException> problems,
      WorkerObservation observation, Instant now) {
    UnlearningRequestStatus previous = request.getStatus() != null ? request.getStatus() : new UnlearningRequestStatus();
    if (isFinished(previous)) {
      return previous;
    }
    return KstatusConditions.add(phase(request, previous, problems, observation, now), previous.getConditions(),
        request.getMetadata().getGeneration(), now.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static UnlearningRequestStatus phase(UnlearningRequest request, UnlearningRequestStatus previous,
      List<SpecValidationException> problems, WorkerObservation observation, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    ConditionSet conditions = new ConditionSet(previous.getConditions(), request.getMetadata().getGeneration(), time);
    UnlearningRequestStatus next = new UnlearningRequestStatus();
    next.setObservedGeneration(request.getMetadata().getGeneration());

    if (!problems.isEmpty()) {
      return invalidSpec(next, conditions, problems, time);
    }
    next.setJobName(observation.jobName());
    next.setStartTime(previous.getStartTime());
    conditions.set(ACCEPTED, TRUE, "Valid", "spec is valid; the worker runs in Job " + observation.jobName());
    Optional<Job> job = observation.job();
    if (job.isEmpty()) {
      next.setJobUid(previous.getJobUid());
      if (LostJob.hadJob(previous)) {
        return failedWith(next, conditions, FALSE, LostJob.REASON, LostJob.message(observation.jobName(),
            previous.getJobUid()), time);
      }
      return pending(next, conditions, UNKNOWN, "JobPending", "creating Job " + observation.jobName());
    }
    next.setJobUid(job.get().getMetadata().getUid());
    if (FinishedJobEvidence.awaited(job.get(), observation, now).isPresent()) {
      next.setProgress(previous.getProgress());
      return unfinished(next, conditions, Phase.Running, FinishedJobEvidence.REASON, "Job " + observation.jobName()
          + " has finished; waiting for its worker pod's final state");
    }
    if (JobConditions.find(job.get(), "Complete").isPresent()) {
      return succeeded(next, conditions, observation, job.get(), time);
    }
    if (JobConditions.find(job.get(), "Failed").isPresent()) {
      return failed(next, conditions, observation, job.get(), time);
    }
    if (Suspension.requested(request)) {
      return Suspension.status(next, conditions, job.get());
    }
    UnlearningRequestStatus waiting;
    if (JobConditions.isSuspended(job.get())) {
      String queue = job.get().getMetadata().getLabels() == null ? null
          : job.get().getMetadata().getLabels().get(WorkerLabels.KUEUE_QUEUE);
      waiting = pending(next, conditions, FALSE, "Suspended", "Job " + observation.jobName() + " is suspended"
          + (queue != null ? " until Kueue admits it from queue " + queue : "")
          + observation.pendingCause().map(c -> ": " + c).orElse(""));
    } else {
      waiting = active(next, conditions, observation);
    }
    Optional<FailureCause> cannotStart = StartDeadline.check(request.getSpec().getJob(), observation, waiting, now);
    return cannotStart.isEmpty() ? waiting
        : failedWith(waiting, conditions, null, cannotStart.get().reason(), cannotStart.get().message(), time);
  }

  /** Succeeded and Failed are final. */
  public static boolean isFinished(UnlearningRequestStatus status) {
    return status != null && (status.getPhase() == Phase.Succeeded || status.getPhase() == Phase.Failed);
  }

  /** Why a request with spec problems is rejected: UnsupportedField when a field is unknown, else InvalidSpec. */
  public static String rejectionReason(List<SpecValidationException> problems) {
    return problems.stream().anyMatch(UnsupportedFieldException.class::isInstance)
        ? UnsupportedFieldException.REASON : RequestEvents.INVALID_SPEC;
  }

  private static UnlearningRequestStatus invalidSpec(UnlearningRequestStatus next, ConditionSet conditions,
      List<SpecValidationException> problems, String time) {
    String reason = rejectionReason(problems);
    String message = (reason.equals(RequestEvents.INVALID_SPEC) ? "invalid spec: " : "unsupported spec: ")
        + problems.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
    conditions.set(ACCEPTED, FALSE, reason, message)
        .set(SCHEDULED, FALSE, reason, "no Job is created for this spec")
        .set(RUNNING, FALSE, reason, "")
        .set(COMPLETE, FALSE, reason, "")
        .set(FAILED, TRUE, reason, message);
    next.setPhase(Phase.Failed);
    next.setMessage(message);
    next.setCompletionTime(time);
    next.setConditions(conditions.toList());
    return next;
  }

  private static UnlearningRequestStatus pending(UnlearningRequestStatus next, ConditionSet conditions,
      String scheduled, String reason, String message) {
    conditions.set(SCHEDULED, scheduled, reason, message);
    return unfinished(next, conditions, Phase.Pending, reason, message);
  }

  private static UnlearningRequestStatus unfinished(UnlearningRequestStatus next, ConditionSet conditions, Phase phase,
      String runningReason, String message) {
    conditions.set(RUNNING, phase == Phase.Running ? TRUE : FALSE, runningReason, message)
        .set(COMPLETE, FALSE, runningReason, "")
        .set(FAILED, FALSE, runningReason, "");
    Suspension.resumed(conditions);
    next.setPhase(phase);
    next.setMessage(message);
    next.setConditions(conditions.toList());
    return next;
  }

  // Job neither finished nor suspended: the newest pod tells how far the worker got.
  private static UnlearningRequestStatus active(UnlearningRequestStatus next, ConditionSet conditions,
      WorkerObservation observation) {
    Optional<WorkerPod> newest = observation.newestPod().map(WorkerPod::new);
    if (newest.isEmpty()) {
      return observation.pendingCause()
          .map(c -> pending(next, conditions, FALSE, "FailedCreate", "the Job cannot create the worker pod: " + c))
          .orElseGet(() -> pending(next, conditions, FALSE, "PodPending",
              "waiting for the Job controller to create the worker pod"));
    }
    WorkerPod pod = newest.get();
    Optional<PodCondition> scheduledCondition = pod.scheduled();
    if (pod.isUnschedulable()) {
      PodCondition c = scheduledCondition.get();
      String message = "the worker pod " + pod.name() + " cannot be scheduled: " + c.getMessage();
      return pending(next, conditions, FALSE, c.getReason() != null ? c.getReason() : "Unschedulable", message);
    }
    String node = pod.nodeName().map(n -> " on node " + n).orElse("");
    if (scheduledCondition.isEmpty() && pod.nodeName().isEmpty()) {
      return pending(next, conditions, FALSE, "PodPending", "the worker pod " + pod.name() + " waits to be scheduled");
    }
    conditions.set(SCHEDULED, TRUE, "Scheduled", "the worker pod " + pod.name() + " is scheduled" + node);
    if (pod.running().isPresent()) {
      if (next.getStartTime() == null) {
        next.setStartTime(pod.running().get().getStartedAt());
      }
      return unfinished(next, conditions, Phase.Running, "WorkerRunning", "the worker runs in pod " + pod.name() + node);
    }
    Optional<ContainerStateTerminated> terminated = pod.terminated();
    if (terminated.isPresent() && terminated.get().getExitCode() != null && terminated.get().getExitCode() != 0) {
      // The Job controller replaces the failed pod unless its backoff limit or failure policy ends the Job.
      FailureCause cause = FailureCause.of(observation, observation.job().get());
      return unfinished(next, conditions, Phase.Pending, "Retrying",
          "the worker failed, the Job retries it: " + cause.message());
    }
    if (terminated.isPresent()) {
      return unfinished(next, conditions, Phase.Running, "WorkerFinished",
          "the worker finished; waiting for the Job to complete");
    }
    Optional<ContainerStateWaiting> waiting = pod.waiting();
    String reason = waiting.map(ContainerStateWaiting::getReason).filter(r -> r != null && !r.isBlank()).orElse("ContainerCreating");
    String message = "the worker container has not started: " + waiting.map(PodWaiting::describe).orElse(reason);
    return unfinished(next, conditions, Phase.Pending, reason, message);
  }

  private static UnlearningRequestStatus succeeded(UnlearningRequestStatus next, ConditionSet conditions,
      WorkerObservation observation, Job job, String time) {
    Optional<WorkerPod> winner = observation.pods().stream().map(WorkerPod::new).filter(WorkerPod::succeeded)
        .findFirst();
    Optional<ContainerStateTerminated> run = winner.flatMap(WorkerPod::terminated);
    Optional<ResultSummary> results = run.flatMap(t -> TerminationMessages.parse(t.getMessage()))
        .filter(m -> TerminationMessage.SUCCEEDED.equals(m.getOutcome()))
        .map(TerminationMessage::getResults);
    String message = results.map(ResultMessage::of)
        .orElse("the Job completed but the worker reported no results in its termination message");
    if (next.getStartTime() == null) {
      next.setStartTime(run.map(ContainerStateTerminated::getStartedAt).orElse(job.getStatus().getStartTime()));
    }
    String completion = job.getStatus().getCompletionTime();
    conditions.set(SCHEDULED, TRUE, "Scheduled", "the worker pod was scheduled")
        .set(RUNNING, FALSE, "Completed", "the worker finished")
        .set(COMPLETE, TRUE, "Succeeded", message)
        .set(FAILED, FALSE, "Succeeded", "");
    next.setPhase(Phase.Succeeded);
    next.setMessage(message);
    next.setResults(results.orElse(null));
    next.setCompletionTime(completion != null ? completion : time);
    next.setConditions(conditions.toList());
    return next;
  }

  private static UnlearningRequestStatus failed(UnlearningRequestStatus next, ConditionSet conditions,
      WorkerObservation observation, Job job, String time) {
    FailureCause cause = FailureCause.of(observation, job);
    String when = JobConditions.find(job, "Failed").map(JobCondition::getLastTransitionTime).orElse(null);
    boolean ranSomewhere = observation.pods().stream().map(WorkerPod::new).anyMatch(p -> p.nodeName().isPresent());
    conditions.set(SCHEDULED, ranSomewhere ? TRUE : FALSE, ranSomewhere ? "Scheduled" : "NotScheduled", "");
    return failedWith(next, conditions, null, cause.reason(), cause.message(), when != null ? when : time);
  }

  /** The final Failed status; {@code scheduled} is the Scheduled condition's status, null when already set. */
  static UnlearningRequestStatus failedWith(UnlearningRequestStatus next, ConditionSet conditions, String scheduled,
      String reason, String message, String completion) {
    if (scheduled != null) {
      conditions.set(SCHEDULED, scheduled, reason, "");
    }
    conditions.set(RUNNING, FALSE, reason, "")
        .set(COMPLETE, FALSE, reason, "")
        .set(FAILED, TRUE, reason, message);
    next.setPhase(Phase.Failed);
    next.setMessage(message);
    next.setCompletionTime(completion);
    next.setConditions(conditions.toList());
    return next;
  }
}
