package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static dev.unlearning.operator.StatusMapperTest.JOB;
import static dev.unlearning.operator.StatusMapperTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** status.evidence: the worker's record with the image digest that only the kubelet reports. */
class StatusEvidenceTest {

  static final String IMAGE_ID = "registry.example/unlearning@sha256:" + "ab".repeat(32);
  static final String EVIDENCE = "\"evidence\":{\"uri\":\"pvc://results/r/evidence.intoto.jsonl\",\"sha256\":\"e1\","
      + "\"signed\":true,\"keyId\":\"k1\",\"verdict\":\"%s\",\"modelUri\":\"%s/model.pt\",\"modelSha256\":\"m1\","
      + "\"workerImage\":\"registry.example/unlearning:1.0\"}";

  private final UnlearningRequest request = TestRequests.valid("r");

  @Test
  void aSucceededRunsRecordGetsTheImageDigestOfItsPod() {
    UnlearningRequestStatus s = finished("Complete", "", 0, "{\"outcome\":\"Succeeded\",\"results\":"
        + "{\"forgetSize\":10}," + EVIDENCE.formatted("Accepted", "pvc://results/r") + "}");
    assertThat(s.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(s.getEvidence().getUri()).isEqualTo("pvc://results/r/evidence.intoto.jsonl");
    assertThat(s.getEvidence().getSha256()).isEqualTo("e1");
    assertThat(s.getEvidence().getVerdict()).isEqualTo("Accepted");
    assertThat(s.getEvidence().getWorkerImage()).isEqualTo("registry.example/unlearning:1.0");
    assertThat(s.getEvidence().getWorkerImageID()).isEqualTo(IMAGE_ID);
  }

  @Test
  void aModelThatMissedItsGateFailsWithItsResultsAndRecord() {
    UnlearningRequestStatus s = finished("Failed", "PodFailurePolicy", 4, "{\"outcome\":\"Failed\",\"reason\":"
        + "\"AcceptanceNotMet\",\"message\":\"spec.acceptance: the unlearned model missed 1 of 1 thresholds: forget"
        + " accuracy 0.9120 is 14.20 points above test accuracy 0.7700 (at most 3.00)\",\"results\":{\"forgetSize\":10},"
        + EVIDENCE.formatted("Rejected", "pvc://results/r.rejected") + "}");
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "Failed").getReason()).isEqualTo("AcceptanceNotMet");
    // kstatus (Flux, kpt) reads it as failed, with the same reason.
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("AcceptanceNotMet");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(s.getMessage()).contains("14.20 points above test accuracy 0.7700 (at most 3.00)");
    assertThat(s.getResults().getForgetSize()).isEqualTo(10);
    assertThat(s.getEvidence().getVerdict()).isEqualTo("Rejected");
    assertThat(s.getEvidence().getModelUri()).isEqualTo("pvc://results/r.rejected/model.pt");
    assertThat(s.getEvidence().getWorkerImageID()).isEqualTo(IMAGE_ID);
  }

  @Test
  void otherFailuresHaveNeitherResultsNorRecord() {
    UnlearningRequestStatus s = finished("Failed", "PodFailurePolicy", 2,
        "{\"outcome\":\"Failed\",\"reason\":\"InvalidInput\",\"message\":\"spec.dataset.uri: missing\"}");
    assertThat(s.getResults()).isNull();
    assertThat(s.getEvidence()).isNull();
  }

  /** The status once the Job has condition {@code type} and its one pod exited with {@code exit} and {@code message}. */
  private UnlearningRequestStatus finished(String type, String reason, int exit, String message) {
    Job job = StatusMapperTest.withCondition(job(), type, reason, "");
    Pod pod = withImageId(StatusMapperTest.terminated(StatusMapperTest.pod(job, "p1"), exit,
        exit == 0 ? "Completed" : "Error", message));
    return StatusMapper.map(request, List.of(), WorkerObservation.of(JOB, Optional.of(job), List.of(pod)), T0);
  }

  private Job job() {
    Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);
    job.getMetadata().setUid("job-uid");
    return new JobBuilder(job).withNewStatus().withActive(1).endStatus().build();
  }

  private static Pod withImageId(Pod pod) {
    pod.getStatus().getContainerStatuses().get(0).setImageID(IMAGE_ID);
    return pod;
  }
}
