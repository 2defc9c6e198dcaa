package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Why a Job waits, read from its FailedCreate events at most once per interval for each Job. */
@EnableKubernetesMockClient
class PendingCausesTest {

  private static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");
  private static final String QUOTA = "pods \"r-unlearn-x\" is forbidden: exceeded quota: gpu-quota";

  KubernetesMockServer server;
  KubernetesClient client;
  PendingCauses causes;

  @BeforeEach
  void causes() {
    causes = new PendingCauses();
    causes.client = client;
    causes.budget = new ReadBudget(Duration.ofSeconds(20), 10);
  }

  @Test
  void eventsOfAWaitingJobAreListedOncePerIntervalWhateverTheNumberOfReconciles() {
    Job job = job("uid-1");
    expectEvents(job, QUOTA);
    int before = server.getRequestCount();

    assertThat(causes.of(waiting(job), T0)).contains(QUOTA);
    // Reconciles in between (every event of the Job or the request triggers one) reuse the answer.
    for (int s = 1; s < 20; s++) {
      assertThat(causes.of(waiting(job), T0.plusSeconds(s))).contains(QUOTA);
    }
    assertThat(server.getRequestCount() - before).isEqualTo(1);
    assertThat(causes.of(waiting(job), T0.plusSeconds(20))).contains(QUOTA);
    assertThat(server.getRequestCount() - before).isEqualTo(2);
  }

  @Test
  void aJobWithAPodAsksNothingAndIsReadAfreshWhenItWaitsAgain() {
    Job job = job("uid-2");
    expectEvents(job, QUOTA);
    int before = server.getRequestCount();
    assertThat(causes.of(waiting(job), T0)).contains(QUOTA);
    Pod pod = new PodBuilder().withNewMetadata().withName("r-unlearn-a1").withNamespace("ml")
        .addNewOwnerReference().withUid("uid-2").withKind("Job").withName("r-unlearn").endOwnerReference()
        .endMetadata().build();
    assertThat(causes.of(WorkerObservation.of("r-unlearn", Optional.of(job), List.of(pod)), T0.plusSeconds(1)))
        .isEmpty();
    assertThat(server.getRequestCount() - before).isEqualTo(1);
    // Its pod gone again (the Job controller could not replace it): the reading starts over.
    assertThat(causes.of(waiting(job), T0.plusSeconds(2))).contains(QUOTA);
    assertThat(server.getRequestCount() - before).isEqualTo(2);
  }

  @Test
  void manyWaitingJobsTogetherStayWithinTheReadsPerSecond() {
    assertThat(causes.budget.interval(100)).isEqualTo(Duration.ofSeconds(20));
    assertThat(causes.budget.interval(1000)).isEqualTo(Duration.ofSeconds(100));
    causes.budget = new ReadBudget(Duration.ofSeconds(20), 0);
    assertThat(causes.budget.interval(1000)).isEqualTo(Duration.ofSeconds(20));
  }

  private static Job job(String uid) {
    return new JobBuilder().withNewMetadata().withName("r-unlearn").withNamespace("ml").withUid(uid).endMetadata()
        .withNewSpec().endSpec().withNewStatus().endStatus().build();
  }

  private static WorkerObservation waiting(Job job) {
    return WorkerObservation.of("r-unlearn", Optional.of(job), List.of());
  }

  private void expectEvents(Job job, String message) {
    server.expect().get().withPath("/api/v1/namespaces/ml/events?fieldSelector=" + URLEncoder.encode(
            "involvedObject.uid=" + job.getMetadata().getUid() + ",reason=FailedCreate", StandardCharsets.UTF_8))
        .andReturn(200, new EventListBuilder().withItems(new EventBuilder().withNewMetadata().withName("e")
            .endMetadata().withNewInvolvedObject().withUid(job.getMetadata().getUid()).endInvolvedObject()
            .withReason("FailedCreate").withMessage(message).withLastTimestamp(T0.toString()).build()).build())
        .always();
  }
}
