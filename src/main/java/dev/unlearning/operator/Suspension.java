package dev.unlearning.operator;

import static dev.unlearning.operator.ConditionSet.COMPLETE;
import static dev.unlearning.operator.ConditionSet.FAILED;
import static dev.unlearning.operator.ConditionSet.FALSE;
import static dev.unlearning.operator.ConditionSet.RUNNING;
import static dev.unlearning.operator.ConditionSet.SCHEDULED;
import static dev.unlearning.operator.ConditionSet.SUSPENDED;
import static dev.unlearning.operator.ConditionSet.TRUE;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * {@code spec.suspend}: true suspends the worker Job (Kubernetes stops its pods and keeps the Job), false resumes it
 * and the worker starts over. The status side; {@link JobSuspension} changes the Job.
 */
final class Suspension {

  /**
   * "true" on a Job the operator suspended ("false" once resumed): only such a Job is resumed, never one that Kueue
   * holds.
   */
  static final String ANNOTATION = "unlearning.dev/suspended";
  static final String REASON = "SuspendedByUser";

  private Suspension() {}

  static boolean requested(UnlearningRequest request) {
    return request.getSpec() != null && Boolean.TRUE.equals(request.getSpec().getSuspend());
  }

  static boolean suspendedByOperator(Job job) {
    return job.getMetadata().getAnnotations() != null && "true".equals(job.getMetadata().getAnnotations().get(ANNOTATION));
  }

  /** Phase Suspended with a Suspended condition, once the Job is suspended (or about to be). */
  static UnlearningRequestStatus status(UnlearningRequestStatus next, ConditionSet conditions, Job job) {
    String name = job.getMetadata().getName();
    String message = JobConditions.isSuspended(job)
        ? "suspended by spec.suspend: Job " + name + " is kept and its pods are stopped; set spec.suspend to false"
            + " to resume (the worker starts over)"
        : "suspending Job " + name + ": its pods are being stopped";
    conditions.set(SCHEDULED, FALSE, REASON, message)
        .set(RUNNING, FALSE, REASON, "")
        .set(COMPLETE, FALSE, REASON, "")
        .set(FAILED, FALSE, REASON, "")
        .set(SUSPENDED, TRUE, REASON, message);
    next.setPhase(Phase.Suspended);
    next.setMessage(message);
    next.setConditions(conditions.toList());
    return next;
  }

  /** An unfinished request that was suspended before says it runs again. */
  static void resumed(ConditionSet conditions) {
    if (conditions.had(SUSPENDED)) {
      conditions.set(SUSPENDED, FALSE, "Resumed", "spec.suspend is false: the worker starts over");
    }
  }
}
