package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static dev.unlearning.operator.StatusMapperTest.JOB;
import static dev.unlearning.operator.StatusMapperTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** spec.job.startDeadlineSeconds counts from the Job's start, never while it is suspended, never once the worker ran. */
class StartDeadlineTest {

  private final UnlearningRequest request = TestRequests.valid("r");
  private final Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);

  StartDeadlineTest() {
    job.getMetadata().setUid("job-uid");
    job.setStatus(new JobStatusBuilder().withStartTime(T0.toString()).build());
  }

  @Test
  void aPullErrorIsPendingBeforeTheDeadlineAndStartTimeoutAtIt() {
    Pod pulling = pulling();
    UnlearningRequestStatus before = map(T0.plusSeconds(899), pulling);
    assertThat(before.getPhase()).isEqualTo(Phase.Pending);
    assertThat(StartDeadline.remaining(null, observation(pulling), before, T0.plusSeconds(899)))
        .contains(Duration.ofSeconds(1));

    UnlearningRequestStatus at = map(T0.plusSeconds(900), pulling);
    assertThat(at.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(at, "Failed").getReason()).isEqualTo("StartTimeout");
    assertThat(at.getMessage()).isEqualTo("the worker did not start running within 900 s"
        + " (spec.job.startDeadlineSeconds); last cause: the worker container has not started: ErrImagePull:"
        + " manifest unknown; its Job was deleted");
    assertThat(StartDeadline.endsTheJob(at)).isTrue();
    assertThat(StartDeadline.endsTheJob(before)).isFalse();
  }

  @Test
  void theClockIsTheJobsStartTimeWhichTheJobControllerResetsOnResume() {
    JobSettings settings = new JobSettings();
    settings.setStartDeadlineSeconds(60L);
    request.getSpec().setJob(settings);
    job.getStatus().setStartTime(T0.plusSeconds(3600).toString());
    assertThat(map(T0.plusSeconds(3659), pulling()).getPhase()).isEqualTo(Phase.Pending);
    assertThat(map(T0.plusSeconds(3660), pulling()).getPhase()).isEqualTo(Phase.Failed);
  }

  @Test
  void aJobNotStartedByTheJobControllerHasNoClock() {
    job.getStatus().setStartTime(null);
    assertThat(map(T0.plusSeconds(86_400), pulling()).getPhase()).isEqualTo(Phase.Pending);
  }

  @Test
  void aSuspendedJobNeverTimesOut() {
    job.getSpec().setSuspend(true);
    UnlearningRequestStatus held = map(T0.plusSeconds(86_400));
    assertThat(held.getPhase()).isEqualTo(Phase.Pending);
    assertThat(StartDeadline.remaining(null, observation(), held, T0.plusSeconds(86_400))).isEmpty();
  }

  @Test
  void aWorkerThatRanOnceIsNoStartFailure() {
    Pod crashed = StatusMapperTest.terminated(StatusMapperTest.pod(job, "p1"), 1, "Error", "boom");
    Pod retry = StatusMapperTest.waiting(StatusMapperTest.pod(job, "p2"), "ImagePullBackOff", "back-off");
    retry.getMetadata().setCreationTimestamp(T0.plusSeconds(5).toString());
    UnlearningRequestStatus s = map(T0.plusSeconds(10_000), crashed, retry);
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(s, "Failed").getStatus()).isEqualTo("False");
  }

  @Test
  void invalidImageNameAndCreateContainerConfigErrorFailAtOnce() {
    for (String reason : List.of("InvalidImageName", "CreateContainerConfigError")) {
      Pod pod = StatusMapperTest.waiting(StatusMapperTest.pod(job, "p1"), reason, "secret \"s3\" not found");
      pod.getSpec().setNodeName("node-1");
      UnlearningRequestStatus s = map(T0.plusSeconds(1), pod);
      assertThat(s.getPhase()).isEqualTo(Phase.Failed);
      assertThat(condition(s, "Failed").getReason()).isEqualTo(reason);
      assertThat(s.getMessage()).isEqualTo("the worker cannot start: " + reason + ": secret \"s3\" not found;"
          + " its Job was deleted");
      assertThat(StartDeadline.endsTheJob(s)).isTrue();
    }
  }

  private Pod pulling() {
    Pod pod = StatusMapperTest.waiting(StatusMapperTest.pod(job, "p1"), "ErrImagePull", "manifest unknown");
    pod.getSpec().setNodeName("node-1");
    return pod;
  }

  private WorkerObservation observation(Pod... pods) {
    return WorkerObservation.of(JOB, Optional.of(job), List.of(pods));
  }

  private UnlearningRequestStatus map(Instant now, Pod... pods) {
    return StatusMapper.map(request, List.of(), observation(pods), now);
  }
}
