package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.Phase;
import dev.unlearning.api.ProgressLine;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life cycle around a run, with the mock server and {@link FakeJobController} playing the cluster: runs that
 * cannot start end fast and say why; suspend and resume; live progress. One class, so the suite starts one more application, not one per topic.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class LifecycleEndToEndTest {

  static final String NS = "lifecycle";

  @Inject
  Operator operator;
  @Inject
  KubernetesClient operatorClient;
  @KubernetesTestServer
  KubernetesServer server;
  /** The test's own calls (the user's and the cluster's), told apart from the operator's. */
  KubernetesClient client;
  Scenario scenario;
  FakeJobController cluster;

  @BeforeEach
  void start() {
    client = OperatorCalls.testSide(operatorClient);
    scenario = Scenario.started(operator, client, NS);
    cluster = scenario.cluster;
  }

  /** RBAC: whatever the operator did in the test, config/rbac lets it do. */
  @AfterEach
  void everyCallOfTheOperatorIsGrantedByItsClusterRole() throws InterruptedException {
    client.close();
    OperatorCalls.assertGrantedByClusterRole(server);
  }

  @Test
  void aWorkerStuckOnItsImagePastTheStartDeadlineFailsAndItsJobIsDeleted() {
    scenario.create("pull", r -> r.getSpec().setJob(startDeadline(2)));
    Job job = scenario.awaitJob("pull-unlearn");
    cluster.waiting(cluster.createPod(job, "p1"), "ImagePullBackOff", "Back-off pulling image \"registry.test/unlearning:test\"");
    scenario.awaitStatus("pull", s -> "ImagePullBackOff".equals(condition(s, "Running").getReason()));
    cluster.start(job);

    UnlearningRequestStatus failed = scenario.awaitStatus("pull", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("StartTimeout");
    assertThat(failed.getMessage()).contains("within 2 s").contains("ImagePullBackOff: Back-off pulling image")
        .contains("its Job was deleted");
    await().atMost(Duration.ofSeconds(10)).until(() -> scenario.noJobNamed("pull-unlearn"));
    assertThat(scenario.status("pull").getPhase()).as("a deleted Job of a failed request is no loss").isEqualTo(Phase.Failed);
  }

  @Test
  void anInvalidImageNameFailsAtOnce() {
    scenario.create("badimage");
    Job job = scenario.awaitJob("badimage-unlearn");
    cluster.waiting(cluster.createPod(job, "b1"), "InvalidImageName", "couldn't parse image name \"UPPER:case\"");

    UnlearningRequestStatus failed = scenario.awaitStatus("badimage", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("InvalidImageName");
    assertThat(failed.getMessage()).contains("couldn't parse image name");
    await().atMost(Duration.ofSeconds(10)).until(() -> scenario.noJobNamed("badimage-unlearn"));
  }

  @Test
  void aPodRefusedByQuotaShowsTheJobsFailedCreateEventWhilePending() {
    scenario.create("quota");
    Job job = scenario.awaitJob("quota-unlearn");
    Event event = cluster.failedCreate(job, "pods \"quota-unlearn-x\" is forbidden: exceeded quota: gpu-quota,"
        + " requested: nvidia.com/gpu=1");
    // The API server selects a Job's events by field; the mock server only knows metadata fields, so it answers
    // that query as the API server would.
    server.expect().get().withPath("/api/v1/namespaces/" + NS + "/events?fieldSelector="
            + URLEncoder.encode("involvedObject.uid=" + job.getMetadata().getUid() + ",reason=FailedCreate",
                StandardCharsets.UTF_8))
        .andReturn(200, new EventListBuilder().withItems(event).build()).always();

    UnlearningRequestStatus pending = scenario.awaitStatus("quota", s -> "FailedCreate".equals(condition(s, "Scheduled").getReason()));
    assertThat(pending.getPhase()).isEqualTo(Phase.Pending);
    assertThat(pending.getMessage()).isEqualTo("the Job cannot create the worker pod: pods \"quota-unlearn-x\" is"
        + " forbidden: exceeded quota: gpu-quota, requested: nvidia.com/gpu=1");
  }

  @Test
  void aJobHeldByKueueShowsTheWorkloadsReasonAndItsTimeDoesNotCount() {
    scenario.create("queued", r -> {
      JobSettings settings = startDeadline(2);
      settings.setQueueName("gpu-queue");
      r.getSpec().setJob(settings);
    });
    Job job = cluster.suspend(scenario.awaitJob("queued-unlearn"));
    client.genericKubernetesResources(PendingCauses.WORKLOADS).inNamespace(NS).resource(workload(job)).create();

    UnlearningRequestStatus pending = scenario.awaitStatus("queued", s -> s.getMessage().contains("Kueue:"));
    assertThat(pending.getMessage()).isEqualTo("Job queued-unlearn is suspended until Kueue admits it from queue"
        + " gpu-queue: Kueue: couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu"
        + " in flavor default-flavor, 1 more needed");
    // Past the 2 s start deadline: held by Kueue, the Job has no startTime, and the clock has not started.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> scenario.status("queued").getPhase() == Phase.Pending);
  }

  @Test
  void aRefusedJobIsReportedWhileRetriedAndFailsTheRequestAfterTheLastRetry() {
    String ns = "denied";
    server.expect().post().withPath("/apis/batch/v1/namespaces/" + ns + "/jobs")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("jobs.batch is"
            + " forbidden: exceeded quota: job-count, requested: count/jobs.batch=1, used: count/jobs.batch=10")
            .build())
        .always();
    Scenario denied = new Scenario(client, ns);
    denied.create("refused");

    UnlearningRequestStatus retrying = denied.awaitStatus("refused",
        s -> "JobCreateFailed".equals(condition(s, "Scheduled").getReason()));
    assertThat(retrying.getMessage()).contains("refused to create Job refused-unlearn (HTTP 403)")
        .contains("exceeded quota: job-count");
    UnlearningRequestStatus failed = denied.awaitStatus("refused", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("JobCreateFailed");
    // The first attempt and max-attempts=3 retries (application.properties, test profile).
    assertThat(failed.getMessage()).contains("exceeded quota: job-count").contains("gave up after 4 attempts");
    assertThat(denied.jobs()).isEmpty();
  }

  @Test
  void suspendStopsTheJobsPodsAndResumeStartsTheWorkerOver() {
    scenario.create("pause");
    Job job = scenario.awaitJob("pause-unlearn");
    cluster.running(cluster.createPod(job, "s1"));
    scenario.awaitStatus("pause", s -> s.getPhase() == Phase.Running);

    scenario.suspend("pause", true);
    Job suspended = await().until(() -> cluster.job(NS, "pause-unlearn"), j -> Boolean.TRUE.equals(j.getSpec().getSuspend()));
    assertThat(suspended.getMetadata().getAnnotations()).containsEntry(Suspension.ANNOTATION, "true");
    cluster.stopPods(suspended);
    UnlearningRequestStatus paused = scenario.awaitStatus("pause", s -> s.getPhase() == Phase.Suspended
        && s.getMessage().startsWith("suspended by spec.suspend"));
    assertThat(condition(paused, "Suspended").getStatus()).isEqualTo("True");
    assertThat(paused.getObservedGeneration()).isEqualTo(2L);
    assertThat(cluster.job(NS, "pause-unlearn").getMetadata().getUid()).as("Kubernetes keeps the Job")
        .isEqualTo(job.getMetadata().getUid());

    scenario.suspend("pause", false);
    Job resumed = await().until(() -> cluster.job(NS, "pause-unlearn"), j -> Boolean.FALSE.equals(j.getSpec().getSuspend()));
    assertThat(resumed.getMetadata().getAnnotations()).containsEntry(Suspension.ANNOTATION, "false");
    UnlearningRequestStatus again = scenario.awaitStatus("pause", s -> s.getPhase() == Phase.Pending);
    assertThat(condition(again, "Suspended").getStatus()).isEqualTo("False");
    assertThat(condition(again, "Suspended").getReason()).isEqualTo("Resumed");
  }

  @Test
  void aRunningWorkersProgressComesFromItsLogAndGoesWithTheRun() {
    scenario.create("progress");
    Job job = scenario.awaitJob("progress-unlearn");
    String log = "/api/v1/namespaces/" + NS + "/pods/progress-unlearn-g1/log?container=worker&tailLines="
        + ProgressReader.TAIL_LINES + "&limitBytes=" + ProgressReader.LIMIT_BYTES;
    server.expect().get().withPath(log).andReturn(200, progressLog(1)).once();
    server.expect().get().withPath(log).andReturn(200, progressLog(3)).once();
    Pod pod = cluster.running(cluster.createPod(job, "g1"));

    UnlearningRequestStatus first = scenario.awaitStatus("progress", s -> s.getProgress() != null);
    assertThat(first.getPhase()).isEqualTo(Phase.Running);
    assertThat(first.getProgress().getSummary()).isEqualTo("fineTune 1/5 20%");
    // Read again after unlearning.progress-interval (1 s in tests); then the log answers 404 and the reading stays.
    UnlearningRequestStatus later = scenario.awaitStatus("progress",
        s -> "fineTune 3/5 60%".equals(s.getProgress().getSummary()));
    assertThat(later.getProgress().getRemainingSeconds()).isEqualTo(20L);
    assertThat(later.getProgress().getLoss()).isEqualTo(0.25);

    cluster.terminated(pod, 0, "Completed", OperatorEndToEndTest.RESULTS);
    cluster.complete(job);
    UnlearningRequestStatus done = scenario.awaitStatus("progress", s -> s.getPhase() == Phase.Succeeded);
    assertThat(done.getProgress()).as("progress is that of a running worker").isNull();
  }

  private static String progressLog(int epoch) {
    return "INFO [lifecycle/progress] fineTune started\n" + ProgressLine.format(ProgressLine.of("fineTune", epoch, 5,
        0.75 / epoch, Duration.ofSeconds(10L * epoch), Instant.now())) + "\n";
  }

  private static JobSettings startDeadline(long seconds) {
    JobSettings settings = new JobSettings();
    settings.setStartDeadlineSeconds(seconds);
    return settings;
  }

  private static GenericKubernetesResource workload(Job job) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("kueue.x-k8s.io/v1beta1").withKind("Workload")
        .withNewMetadata().withName("job-" + job.getMetadata().getName() + "-1a2b3")
          .withLabels(Map.of(PendingCauses.KUEUE_JOB_UID, job.getMetadata().getUid()))
        .endMetadata()
        .addToAdditionalProperties("status", Map.of("conditions", List.of(Map.of(
            "type", "QuotaReserved", "status", "False", "reason", "Pending",
            "message", "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in"
                + " flavor default-flavor, 1 more needed"))))
        .build();
  }
}
