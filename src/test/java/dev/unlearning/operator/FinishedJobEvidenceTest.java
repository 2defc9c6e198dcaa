package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static dev.unlearning.operator.StatusMapperTest.JOB;
import static dev.unlearning.operator.StatusMapperTest.T0;
import static dev.unlearning.operator.StatusMapperTest.pod;
import static dev.unlearning.operator.StatusMapperTest.terminated;
import static dev.unlearning.operator.StatusMapperTest.withCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A finished Job whose pods lag behind it in the cache: the final status waits for them, for a grace at most. */
class FinishedJobEvidenceTest {

  private static final String OOM_MESSAGE = "";
  private final UnlearningRequest request = TestRequests.valid("r");

  @Test
  void aFailedJobWhosePodStillRunsInTheCacheIsHeldThenReportedWithThePodsCause() {
    Job job = failed(3);
    Pod stale = running(pod(job, "p1"));

    UnlearningRequestStatus held = map(job, T0.plusSeconds(2), stale);
    assertThat(held.getPhase()).isEqualTo(Phase.Running);
    assertThat(condition(held, "Running").getReason()).isEqualTo(FinishedJobEvidence.REASON);
    assertThat(held.getMessage()).contains("waiting for its worker pod's final state");
    assertThat(FinishedJobEvidence.awaited(job, observation(job, stale), T0.plusSeconds(2)))
        .contains(Duration.ofSeconds(8));

    // The pod's terminated state arrives: the cause is the pod's, not the Job's reason.
    request.setStatus(held);
    UnlearningRequestStatus done = map(job, T0.plusSeconds(3), terminated(pod(job, "p1"), 137, "OOMKilled", OOM_MESSAGE));
    assertThat(done.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(done, "Failed").getReason()).isEqualTo("OOMKilled");
    assertThat(done.getMessage()).contains("out of memory").contains("3 failed attempts");
  }

  @Test
  void afterTheGraceTheJobsOwnReasonIsFinal() {
    Job job = failed(3);
    Pod stale = running(pod(job, "p1"));
    Instant late = T0.plus(FinishedJobEvidence.GRACE);
    assertThat(FinishedJobEvidence.awaited(job, observation(job, stale), late)).isEmpty();
    UnlearningRequestStatus s = map(job, late, stale);
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
  }

  @Test
  void aCompletedJobWaitsForTheWinningPodAndItsResults() {
    Job job = withCondition(running(), "Complete", null, null);
    job.getStatus().setSucceeded(1);
    Pod stale = running(pod(job, "p1"));
    UnlearningRequestStatus held = map(job, T0.plusSeconds(1), stale);
    assertThat(held.getPhase()).isEqualTo(Phase.Running);
    assertThat(held.getResults()).isNull();

    UnlearningRequestStatus done = map(job, T0.plusSeconds(2), terminated(pod(job, "p1"), 0, "Completed",
        "{\"outcome\":\"Succeeded\",\"results\":{\"unlearned\":{\"retain\":0.95,\"forget\":0.4,\"test\":0.9}}}"));
    assertThat(done.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(done.getResults().getUnlearned().getForget()).isEqualTo(0.4);
  }

  @Test
  void nothingIsAwaitedWhenTheJobTellsEverythingItself() {
    // A deadline needs no pod; a Job that failed no pod (e.g. FailedCreate) has none to wait for.
    Job deadline = withCondition(running(), "Failed", "DeadlineExceeded", "too long");
    deadline.getStatus().setFailed(1);
    assertThat(FinishedJobEvidence.awaited(deadline, observation(deadline, running(pod(deadline, "p1"))), T0)).isEmpty();
    Job noPods = withCondition(running(), "Failed", "BackoffLimitExceeded", "limit");
    assertThat(FinishedJobEvidence.awaited(noPods, observation(noPods), T0)).isEmpty();
    // A condition without a time cannot start a grace: the status is written at once.
    Job untimed = failed(1);
    untimed.getStatus().getConditions().get(0).setLastTransitionTime(null);
    assertThat(FinishedJobEvidence.awaited(untimed, observation(untimed), T0)).isEmpty();
    // An active Job is not finished.
    assertThat(FinishedJobEvidence.awaited(running(), observation(running()), T0)).isEmpty();
  }

  private Job failed(int failedPods) {
    Job job = withCondition(running(), "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    job.getStatus().setFailed(failedPods);
    return job;
  }

  private Job running() {
    Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);
    job.getMetadata().setUid("job-uid");
    return new JobBuilder(job).withNewStatus().withActive(1).endStatus().build();
  }

  private static Pod running(Pod pod) {
    pod.getSpec().setNodeName("node-1");
    pod.getStatus().setPhase("Running");
    pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(dev.unlearning.api.WorkerContract.CONTAINER).withNewState()
        .withNewRunning(T0.toString()).endState().build()));
    return pod;
  }

  private static WorkerObservation observation(Job job, Pod... pods) {
    return WorkerObservation.of(JOB, Optional.of(job), List.of(pods));
  }

  private UnlearningRequestStatus map(Job job, Instant now, Pod... pods) {
    return StatusMapper.map(request, List.of(), observation(job, pods), now);
  }
}
