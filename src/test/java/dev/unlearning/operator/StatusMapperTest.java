package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Phase;
import dev.unlearning.api.RequestValidator;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-27T10:05:00Z");
  static final String JOB = "r-unlearn";

  private final UnlearningRequest request = TestRequests.valid("r");

  @Test
  void invalidSpecFailsAndNamesEveryField() {
    request.getSpec().getForget().setFraction(1.5);
    request.getSpec().setEpochs(0);
    UnlearningRequestStatus s = StatusMapper.map(request, RequestValidator.problems(request.getSpec()),
        WorkerObservation.of(JOB, Optional.empty(), List.of()), T0);
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(s.getJobName()).isNull();
    assertThat(condition(s, "Accepted").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Accepted").getReason()).isEqualTo("InvalidSpec");
    assertThat(s.getMessage()).contains("spec.forget.fraction").contains("spec.epochs");
    assertThat(condition(s, "Failed").getStatus()).isEqualTo("True");
  }

  @Test
  void noJobYetIsPending() {
    UnlearningRequestStatus s = map(Optional.empty());
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(s.getJobName()).isEqualTo(JOB);
    assertThat(condition(s, "Accepted").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Scheduled").getStatus()).isEqualTo("Unknown");
  }

  @Test
  void suspendedJobWaitsForKueue() {
    Job job = job();
    job.getSpec().setSuspend(true);
    job.getMetadata().getLabels().put(WorkerLabels.KUEUE_QUEUE, "gpu-queue");
    UnlearningRequestStatus s = map(Optional.of(job));
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("Suspended");
    assertThat(s.getMessage()).contains("gpu-queue");
  }

  @Test
  void imagePullErrorKeepsTheRequestPendingWithTheKubeletsMessage() {
    Job job = job();
    Pod pod = waiting(pod(job, "p1"), "ImagePullBackOff", "Back-off pulling image \"nope:1\"");
    pod.getSpec().setNodeName("node-1");
    UnlearningRequestStatus s = map(Optional.of(job), pod);
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(s, "Scheduled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Running").getReason()).isEqualTo("ImagePullBackOff");
    assertThat(s.getMessage()).contains("ImagePullBackOff: Back-off pulling image \"nope:1\"");
  }

  @Test
  void failedPodOfAnActiveJobIsRetriedWithItsLogTailShown() {
    Job job = job();
    Pod pod = terminated(pod(job, "p1"), 1, "Error", "Exception in thread main: CUDA error: out of memory");
    UnlearningRequestStatus s = map(Optional.of(job), pod);
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(s, "Running").getReason()).isEqualTo("Retrying");
    assertThat(s.getMessage()).contains("exited with code 1").contains("CUDA error: out of memory");
  }

  @Test
  void completedJobWithoutATerminationMessageSucceedsWithoutResults() {
    Job job = withCondition(job(), "Complete", null, null);
    UnlearningRequestStatus s = map(Optional.of(job), terminated(pod(job, "p1"), 0, "Completed", "plain log line"));
    assertThat(s.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(s.getResults()).isNull();
    assertThat(s.getMessage()).contains("reported no results");
  }

  @Test
  void backoffLimitShowsTheWorkersLastErrorAndTheAttempts() {
    Job job = withCondition(job(), "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    job.getStatus().setFailed(3);
    UnlearningRequestStatus s = map(Optional.of(job), terminated(pod(job, "p3"), 1, "Error", "java.io.IOException: disk full"));
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "Failed").getReason()).isEqualTo("WorkerError");
    assertThat(s.getMessage()).contains("disk full").contains("3 failed attempts").contains("BackoffLimitExceeded");
  }

  @Test
  void divergedTrainingReportsTheWorkersMessage() {
    Job job = withCondition(job(), "Failed", "PodFailurePolicy", "exit code 3 matching FailJob rule");
    UnlearningRequestStatus s = map(Optional.of(job), terminated(pod(job, "p1"), 3, "Error",
        "{\"outcome\":\"Failed\",\"reason\":\"Diverged\",\"message\":\"loss became NaN in epoch 2\"}"));
    assertThat(condition(s, "Failed").getReason()).isEqualTo("Diverged");
    assertThat(s.getMessage()).isEqualTo("loss became NaN in epoch 2");
  }

  @Test
  void aWorkerReasonThatIsNoConditionReasonBecomesWorkerError() {
    Job job = withCondition(job(), "Failed", "PodFailurePolicy", "");
    UnlearningRequestStatus s = map(Optional.of(job), terminated(pod(job, "p1"), 2, "Error",
        "{\"outcome\":\"Failed\",\"reason\":\"bad reason!\",\"message\":\"x\"}"));
    assertThat(condition(s, "Failed").getReason()).isEqualTo("WorkerError");
  }

  @Test
  void deadlineWhileTheImageNeverPulledSaysSo() {
    Job job = withCondition(job(), "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
    job.getSpec().setActiveDeadlineSeconds(600L);
    UnlearningRequestStatus s = map(Optional.of(job), waiting(pod(job, "p1"), "ErrImagePull", "manifest unknown"));
    assertThat(condition(s, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(s.getMessage()).contains("600s").contains("never started: ErrImagePull: manifest unknown");
  }

  @Test
  void failedJobWithoutPodsReportsTheJobsReason() {
    Job job = withCondition(job(), "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    UnlearningRequestStatus s = map(Optional.of(job));
    assertThat(condition(s, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(s.getMessage()).isEqualTo("Job has reached the specified backoff limit");
  }

  @Test
  void unchangedStateGivesAnUnchangedStatusAndTransitionTimesMoveOnlyOnChange() {
    Job job = job();
    Pod pending = pod(job, "p1");
    UnlearningRequestStatus first = map(Optional.of(job), pending);
    request.setStatus(first);
    UnlearningRequestStatus again = StatusMapper.map(request, List.of(), WorkerObservation.of(JOB, Optional.of(job),
        List.of(pending)), T1);
    assertThat(StatusChange.changed(first, again)).isFalse();

    Pod running = pod(job, "p1");
    running.getSpec().setNodeName("node-1");
    running.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(WorkerContract.CONTAINER)
        .withNewState().withNewRunning(T1.toString()).endState().build()));
    UnlearningRequestStatus later = StatusMapper.map(request, List.of(), WorkerObservation.of(JOB, Optional.of(job),
        List.of(running)), T1);
    assertThat(StatusChange.changed(first, later)).isTrue();
    assertThat(later.getPhase()).isEqualTo(Phase.Running);
    assertThat(condition(later, "Accepted").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(condition(later, "Running").getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(later.getStartTime()).isEqualTo(T1.toString());
  }

  @Test
  void theJobsUidIsRecordedAndAJobSeenOnceThatDisappearsIsLost() {
    UnlearningRequestStatus running = map(Optional.of(job()));
    assertThat(running.getJobUid()).isEqualTo("job-uid");
    request.setStatus(running);

    UnlearningRequestStatus lost = map(Optional.empty());
    assertThat(lost.getPhase()).isEqualTo(Phase.Failed);
    assertThat(lost.getJobUid()).isEqualTo("job-uid");
    assertThat(condition(lost, "Failed").getReason()).isEqualTo("JobLost");
    assertThat(lost.getMessage()).contains("Job r-unlearn (uid job-uid) disappeared").contains("no new Job is created");
    assertThat(lost.getCompletionTime()).isEqualTo(T0.toString());
    assertThat(new JobWantedCondition().isMet(null, request, null)).as("no second Job").isFalse();
  }

  @Test
  void aJobNeverSeenIsWantedAndItsAbsenceIsNoLoss() {
    assertThat(new JobWantedCondition().isMet(null, request, null)).isTrue();
    request.setStatus(map(Optional.empty()));
    assertThat(request.getStatus().getPhase()).isEqualTo(Phase.Pending);
    assertThat(new JobWantedCondition().isMet(null, request, null)).isTrue();
  }

  @Test
  void aSuspendedRequestIsSuspendedAndSaysSoWhenResumed() {
    Job job = job();
    request.getSpec().setSuspend(true);
    UnlearningRequestStatus suspending = map(Optional.of(job), pod(job, "p1"));
    assertThat(suspending.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(suspending.getMessage()).isEqualTo("suspending Job r-unlearn: its pods are being stopped");

    job.getSpec().setSuspend(true);
    UnlearningRequestStatus suspended = map(Optional.of(job));
    assertThat(suspended.getPhase()).isEqualTo(Phase.Suspended);
    assertThat(condition(suspended, "Suspended").getStatus()).isEqualTo("True");
    assertThat(condition(suspended, "Suspended").getReason()).isEqualTo("SuspendedByUser");
    assertThat(suspended.getMessage()).contains("set spec.suspend to false to resume (the worker starts over)");
    assertThat(StatusMapper.isFinished(suspended)).isFalse();

    request.setStatus(suspended);
    request.getSpec().setSuspend(false);
    job.getSpec().setSuspend(false);
    UnlearningRequestStatus resumed = map(Optional.of(job));
    assertThat(resumed.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(resumed, "Suspended").getStatus()).isEqualTo("False");
    assertThat(condition(resumed, "Suspended").getReason()).isEqualTo("Resumed");
  }

  @Test
  void aFinishedStatusIsKept() {
    UnlearningRequestStatus done = new UnlearningRequestStatus();
    done.setPhase(Phase.Succeeded);
    done.setMessage("done");
    request.setStatus(done);
    assertThat(map(Optional.empty())).isSameAs(done);
  }

  private UnlearningRequestStatus map(Optional<Job> job, Pod... pods) {
    return map(request, job, pods);
  }

  /** The status the mapper gives {@code request} at T0 for this Job and these pods, nothing else observed. */
  static UnlearningRequestStatus map(UnlearningRequest request, Optional<Job> job, Pod... pods) {
    return StatusMapper.map(request, List.of(), WorkerObservation.of(JOB, job, List.of(pods)), T0);
  }

  private Job job() {
    return activeJob(request);
  }

  /** The Job the operator builds for {@code request}, as the Job controller shows it once its pod runs. */
  static Job activeJob(UnlearningRequest request) {
    Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);
    job.getMetadata().setUid("job-uid");
    return new JobBuilder(job).withNewStatus().withActive(1).endStatus().build();
  }

  static Job withCondition(Job job, String type, String reason, String message) {
    job.getStatus().setActive(0);
    job.getStatus().setConditions(List.of(new JobConditionBuilder().withType(type).withStatus("True")
        .withReason(reason).withMessage(message).withLastTransitionTime(T0.toString()).build()));
    if ("Complete".equals(type)) {
      job.getStatus().setCompletionTime(T0.toString());
    }
    return job;
  }

  static Pod pod(Job job, String suffix) {
    return new PodBuilder()
        .withNewMetadata().withName(JOB + "-" + suffix).withCreationTimestamp(T0.toString())
          .withOwnerReferences(new OwnerReferenceBuilder().withKind("Job").withName(JOB).withUid("job-uid").build())
        .endMetadata()
        .withSpec(new PodSpecBuilder(job.getSpec().getTemplate().getSpec()).build())
        .withNewStatus().withPhase("Pending").endStatus()
        .build();
  }

  static Pod waiting(Pod pod, String reason, String message) {
    pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(WorkerContract.CONTAINER).withNewState()
        .withNewWaiting(message, reason).endState().build()));
    return pod;
  }

  static Pod terminated(Pod pod, int exitCode, String reason, String message) {
    pod.getSpec().setNodeName("node-1");
    pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(WorkerContract.CONTAINER).withNewState()
        .withNewTerminated().withExitCode(exitCode).withReason(reason).withMessage(message)
        .withStartedAt(T0.toString()).withFinishedAt(T0.toString()).endTerminated().endState().build()));
    return pod;
  }

  @Test
  void successMessageCarriesTheAvgGapWhenTheRequestRetrained() {
    dev.unlearning.api.ResultSummary r = new dev.unlearning.api.ResultSummary();
    r.setUnlearned(new dev.unlearning.api.Accuracies(0.93, 0.89, 0.87));
    assertThat(ResultMessage.of(r)).isEqualTo("unlearned retain 0.930, forget 0.890, test 0.870");
    dev.unlearning.api.ResultGaps gaps = new dev.unlearning.api.ResultGaps();
    gaps.setAverage(1.554);
    r.setGaps(gaps);
    assertThat(ResultMessage.of(r))
        .isEqualTo("unlearned retain 0.930, forget 0.890, test 0.870; Avg Gap 1.55 points to retraining");
  }
}
