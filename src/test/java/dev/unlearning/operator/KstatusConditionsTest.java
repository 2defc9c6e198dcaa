package dev.unlearning.operator;

import static dev.unlearning.operator.StatusMapperTest.JOB;
import static dev.unlearning.operator.StatusMapperTest.T0;
import static dev.unlearning.operator.StatusMapperTest.pod;
import static dev.unlearning.operator.StatusMapperTest.terminated;
import static dev.unlearning.operator.StatusMapperTest.withCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every phase's status through kstatus' rules for custom resources (its README, "Conditions"): a resource being
 * deleted is Terminating; one whose status.observedGeneration differs from metadata.generation is InProgress; then
 * Reconciling=True is InProgress and Stalled=True is Failed; anything else is Current. Flux and kpt wait on these.
 */
class KstatusConditionsTest {

  private final UnlearningRequest request = TestRequests.valid("r");

  /** kstatus' verdict for a custom resource, as its README states the rules. */
  static String kstatus(UnlearningRequest resource) {
    if (resource.getMetadata().getDeletionTimestamp() != null) {
      return "Terminating";
    }
    UnlearningRequestStatus status = resource.getStatus();
    if (status == null) {
      return "Current"; // what kstatus says of a resource without status: why the conditions are needed
    }
    if (status.getObservedGeneration() != null
        && !status.getObservedGeneration().equals(resource.getMetadata().getGeneration())) {
      return "InProgress";
    }
    for (Condition c : status.getConditions()) {
      if ("Reconciling".equals(c.getType()) && "True".equals(c.getStatus())) {
        return "InProgress";
      }
      if ("Stalled".equals(c.getType()) && "True".equals(c.getStatus())) {
        return "Failed";
      }
    }
    return "Current";
  }

  @Test
  void pendingAndRunningAreInProgress() {
    assertThat(verdict(map(Optional.empty()))).isEqualTo("InProgress");
    Job job = job();
    assertThat(verdict(map(Optional.of(job), pod(job, "p1")))).isEqualTo("InProgress");
    Pod running = pod(job, "p1");
    running.getSpec().setNodeName("node-1");
    running.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(WorkerContract.CONTAINER)
        .withNewState().withNewRunning(T0.toString()).endState().build()));
    UnlearningRequestStatus status = map(Optional.of(job), running);
    assertThat(verdict(status)).isEqualTo("InProgress");
    assertThat(condition(status, "Reconciling").getReason()).isEqualTo(condition(status, "Running").getReason());
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void aSucceededRunIsCurrentAndReady() {
    Job job = withCondition(job(), "Complete", null, null);
    UnlearningRequestStatus status = map(Optional.of(job), terminated(pod(job, "p1"), 0, "Completed", ""));
    assertThat(verdict(status)).isEqualTo("Current");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(request.getMetadata().getGeneration());
  }

  @Test
  void failedRunsAndRefusedSpecsAreFailedWithTheirReason() {
    Job job = withCondition(job(), "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    UnlearningRequestStatus failed = map(Optional.of(job), terminated(pod(job, "p1"), 137, "OOMKilled", ""));
    assertThat(verdict(failed)).isEqualTo("Failed");
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("OOMKilled");

    request.setStatus(null);
    UnlearningRequestStatus invalid = StatusMapper.map(request,
        List.of(new SpecValidationException("spec.forget.fraction", "must be > 0 and < 1 (got 1.5)")),
        WorkerObservation.of(JOB, Optional.empty(), List.of()), T0);
    assertThat(verdict(invalid)).isEqualTo("Failed");
    assertThat(condition(invalid, "Stalled").getReason()).isEqualTo("InvalidSpec");
  }

  @Test
  void aJobTheApiServerRefusesIsInProgressWhileRetriedAndFailedAfterTheLastTry() {
    JobCreateFailure.Refused refused = new JobCreateFailure.Refused(JOB, new KubernetesClientException(
        new StatusBuilder().withCode(403).withMessage("exceeded quota").build()));
    assertThat(verdict(JobCreateFailure.status(request, refused, 1, false, T0))).isEqualTo("InProgress");
    assertThat(verdict(JobCreateFailure.status(request, refused, 3, true, T0))).isEqualTo("Failed");
  }

  @Test
  void aSuspendedRunIsCurrentButNotReady() {
    Job job = job();
    job.getSpec().setSuspend(true);
    request.getSpec().setSuspend(true);
    UnlearningRequestStatus suspended = map(Optional.of(job));
    assertThat(verdict(suspended)).isEqualTo("Current");
    assertThat(condition(suspended, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(suspended, "Ready").getReason()).isEqualTo("Suspended");
  }

  @Test
  void aStatusOfAnOlderGenerationIsInProgressAndWithoutStatusKstatusWouldSayCurrent() {
    Job job = withCondition(job(), "Complete", null, null);
    UnlearningRequestStatus done = map(Optional.of(job), terminated(pod(job, "p1"), 0, "Completed", ""));
    request.setStatus(done);
    request.getMetadata().setGeneration(request.getMetadata().getGeneration() + 1);
    assertThat(kstatus(request)).isEqualTo("InProgress");
    request.setStatus(null);
    assertThat(kstatus(request)).isEqualTo("Current");
  }

  @Test
  void theConditionsKeepTheirTransitionTimeWhileUnchanged() {
    UnlearningRequestStatus first = map(Optional.empty());
    request.setStatus(first);
    UnlearningRequestStatus again = StatusMapper.map(request, List.of(),
        WorkerObservation.of(JOB, Optional.empty(), List.of()), StatusMapperTest.T1);
    assertThat(condition(again, "Reconciling").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(StatusChange.changed(first, again)).isFalse();
  }

  private String verdict(UnlearningRequestStatus status) {
    request.setStatus(status);
    return kstatus(request);
  }

  private static Condition condition(UnlearningRequestStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private UnlearningRequestStatus map(Optional<Job> job, Pod... pods) {
    return StatusMapperTest.map(request, job, pods);
  }

  private Job job() {
    return StatusMapperTest.activeJob(request);
  }
}
