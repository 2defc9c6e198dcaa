package dev.unlearning.operator;

import static dev.unlearning.operator.ConditionSet.ACCEPTED;
import static dev.unlearning.operator.ConditionSet.FALSE;
import static dev.unlearning.operator.ConditionSet.TRUE;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The API server refused the worker Job (403 RBAC, 422 admission, 403 quota). JOSDK retries the reconcile; the
 * request says so meanwhile (Pending, Scheduled=False, reason {@link #REASON}, the API server's message) and fails
 * with that reason when the last retry is refused too.
 */
final class JobCreateFailure {

  static final String REASON = "JobCreateFailed";

  /** Thrown by the Job dependent in place of the client's exception, so it is told apart from other errors. */
  static final class Refused extends RuntimeException {
    Refused(String jobName, KubernetesClientException cause) {
      super("the API server refused to create Job " + jobName + " (HTTP " + cause.getCode() + "): "
          + (cause.getStatus() != null && cause.getStatus().getMessage() != null
              ? cause.getStatus().getMessage() : cause.getMessage()), cause);
    }
  }

  private JobCreateFailure() {}

  /** The refusal among the causes and the workflow's aggregated exceptions of {@code e}. */
  static Optional<Refused> find(Throwable e) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = new HashSet<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof Refused refused) {
        return Optional.of(refused);
      }
      if (t instanceof AggregatedOperatorException aggregated) {
        todo.addAll(aggregated.getAggregatedExceptions().values());
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    return Optional.empty();
  }

  static UnlearningRequestStatus status(UnlearningRequest request, Refused refused, int attempt, boolean last,
      Instant now) {
    UnlearningRequestStatus previous = request.getStatus() != null ? request.getStatus() : new UnlearningRequestStatus();
    return KstatusConditions.add(phase(request, previous, refused, attempt, last, now), previous.getConditions(),
        request.getMetadata().getGeneration(), now.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static UnlearningRequestStatus phase(UnlearningRequest request, UnlearningRequestStatus previous,
      Refused refused, int attempt, boolean last, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    ConditionSet conditions = new ConditionSet(previous.getConditions(), request.getMetadata().getGeneration(), time);
    UnlearningRequestStatus next = new UnlearningRequestStatus();
    next.setObservedGeneration(request.getMetadata().getGeneration());
    next.setJobName(WorkerLabels.jobName(request.getMetadata().getName()));
    conditions.set(ACCEPTED, TRUE, "Valid", "spec is valid; the worker runs in Job " + next.getJobName());
    if (last) {
      return StatusMapper.failedWith(next, conditions, FALSE, REASON,
          refused.getMessage() + " (gave up after " + attempt + " attempts)", time);
    }
    String message = refused.getMessage() + " (attempt " + attempt + "; retrying)";
    conditions.set(ConditionSet.SCHEDULED, FALSE, REASON, message)
        .set(ConditionSet.RUNNING, FALSE, REASON, message)
        .set(ConditionSet.COMPLETE, FALSE, REASON, "")
        .set(ConditionSet.FAILED, FALSE, REASON, "");
    next.setPhase(Phase.Pending);
    next.setMessage(message);
    next.setConditions(conditions.toList());
    return next;
  }
}
