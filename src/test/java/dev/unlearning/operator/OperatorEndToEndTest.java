package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running operator against the Fabric8 mock server, with {@link FakeJobController} playing the cluster. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorEndToEndTest {

  static final String NS = "e2e";
  static final String RESULTS = FakeJobController.RESULTS;

  @Inject
  KubernetesClient operatorClient;

  @Inject
  Operator operator;

  @KubernetesTestServer
  KubernetesServer server;

  /** The test's own calls (the user's and the cluster's), told apart from the operator's. */
  KubernetesClient client;

  FakeJobController cluster;
  Scenario scenario;

  @BeforeEach
  void startOperator() {
    OperatorStarter.startOnce(operator);
    client = OperatorCalls.testSide(operatorClient);
    scenario = new Scenario(client, NS);
    cluster = scenario.cluster;
  }

  /** RBAC: whatever the operator did in the test, config/rbac lets it do. */
  @AfterEach
  void everyCallOfTheOperatorIsGrantedByItsClusterRole() throws InterruptedException {
    if (client == null) {
      return; // the operator did not start: the test's own error says why
    }
    client.close();
    OperatorCalls.assertGrantedByClusterRole(server);
  }

  @Test
  void requestRunsToSuccessWithAccuraciesAndIsNeverRunAgain() {
    UnlearningRequest request = create("fmnist");

    Job job = awaitJob("fmnist-unlearn");
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getController()).isTrue();
      assertThat(o.getUid()).isEqualTo(request.getMetadata().getUid());
    });
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.test/unlearning:test");
    UnlearningRequestStatus pending = awaitStatus("fmnist", s -> s.getPhase() == Phase.Pending);
    assertThat(pending.getJobName()).isEqualTo("fmnist-unlearn");
    assertThat(pending.getObservedGeneration()).isEqualTo(1L);
    assertThat(condition(pending, "Accepted").getStatus()).isEqualTo("True");
    assertThat(events("fmnist")).extracting(Event::getReason).contains("JobCreated");

    Pod pod = cluster.createPod(job, "a1");
    cluster.running(pod);
    UnlearningRequestStatus running = awaitStatus("fmnist", s -> s.getPhase() == Phase.Running);
    assertThat(running.getStartTime()).isNotNull();
    assertThat(condition(running, "Scheduled").getStatus()).isEqualTo("True");
    assertThat(condition(running, "Running").getStatus()).isEqualTo("True");

    cluster.terminated(pod, 0, "Completed", RESULTS);
    cluster.complete(job);
    UnlearningRequestStatus done = awaitStatus("fmnist", s -> s.getPhase() == Phase.Succeeded);
    assertThat(done.getResults().getUnlearned().getForget()).isEqualTo(0.42);
    assertThat(done.getResults().getOriginal().getRetain()).isEqualTo(0.99);
    assertThat(done.getResults().getForgetSize()).isEqualTo(1000);
    assertThat(done.getCompletionTime()).isNotNull();
    assertThat(done.getMessage()).contains("forget 0.420");
    assertThat(condition(done, "Complete").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Failed").getStatus()).isEqualTo("False");
    await().untilAsserted(() -> assertThat(events("fmnist")).extracting(Event::getReason).contains("Succeeded"));

    // A finished request is final: deleting its Job does not start another run.
    client.resource(job).delete();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> jobs().stream().noneMatch(j -> j.getMetadata().getName().equals("fmnist-unlearn")));
    assertThat(status("fmnist").getPhase()).isEqualTo(Phase.Succeeded);
  }

  @Test
  void aJobLostMidRunFailsTheRequestAndIsNotCreatedAgain() {
    create("lost");
    Job job = awaitJob("lost-unlearn");
    cluster.running(cluster.createPod(job, "l1"));
    UnlearningRequestStatus running = awaitStatus("lost", s -> s.getPhase() == Phase.Running);
    assertThat(running.getJobUid()).isEqualTo(job.getMetadata().getUid());

    client.resource(job).delete();
    UnlearningRequestStatus lost = awaitStatus("lost", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(lost, "Failed").getReason()).isEqualTo("JobLost");
    assertThat(lost.getMessage()).contains("lost-unlearn").contains("create a new UnlearningRequest");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> jobs().stream().noneMatch(j -> j.getMetadata().getName().equals("lost-unlearn")));
    await().untilAsserted(() -> assertThat(events("lost")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("disappeared");
    }));
  }

  @Test
  void invalidInputReportedByTheWorkerFailsTheRequestWithItsMessage() {
    create("bad-input");
    Job job = awaitJob("bad-input-unlearn");
    Pod pod = cluster.createPod(job, "b1");
    cluster.terminated(pod, 2, "Error", """
        {"outcome":"Failed","reason":"InvalidInput","message":"spec.dataset.uri: %s/datasets/fashion-mnist has no train-images-idx3-ubyte"}"""
        .formatted(WorkerContract.PVC_MOUNT_ROOT));
    cluster.fail(job, 1, "PodFailurePolicy", "Container worker for pod e2e/bad-input-unlearn-b1 failed with exit code 2 matching FailJob rule at index 0");

    UnlearningRequestStatus failed = awaitStatus("bad-input", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("InvalidInput");
    assertThat(failed.getMessage()).contains("spec.dataset.uri").contains("train-images-idx3-ubyte");
    assertThat(failed.getResults()).isNull();
    await().untilAsserted(() -> assertThat(events("bad-input"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("Failed");
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("spec.dataset.uri");
        }));
  }

  @Test
  void outOfMemoryKillIsTheReportedCause() {
    create("oom");
    Job job = awaitJob("oom-unlearn");
    cluster.terminated(cluster.createPod(job, "c1"), 137, "OOMKilled", "");
    cluster.fail(job, 3, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    UnlearningRequestStatus failed = awaitStatus("oom", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("OOMKilled");
    assertThat(failed.getMessage()).contains("out of memory").contains("BackoffLimitExceeded");
  }

  @Test
  void aJobFailedBeforeItsPodIsSeenTerminatedStillReportsThePodsCause() {
    // The pod and Job informers have no order between them: here the Job's Failed arrives first, for certain.
    create("oom-late");
    Job job = awaitJob("oom-late-unlearn");
    Pod pod = cluster.running(cluster.createPod(job, "l1"));
    awaitStatus("oom-late", s -> s.getPhase() == Phase.Running);
    cluster.fail(job, 3, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    UnlearningRequestStatus held = awaitStatus("oom-late",
        s -> FinishedJobEvidence.REASON.equals(condition(s, "Running").getReason()));
    assertThat(held.getPhase()).isEqualTo(Phase.Running);
    cluster.terminated(pod, 137, "OOMKilled", "");

    UnlearningRequestStatus failed = awaitStatus("oom-late", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("OOMKilled");
  }

  @Test
  void deadlineIsTheReportedCause() {
    create("slow");
    Job job = awaitJob("slow-unlearn");
    cluster.running(cluster.createPod(job, "d1"));
    awaitStatus("slow", s -> s.getPhase() == Phase.Running);
    cluster.fail(job, 1, "DeadlineExceeded", "Job was active longer than specified deadline");

    UnlearningRequestStatus failed = awaitStatus("slow", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(failed.getMessage()).contains("activeDeadlineSeconds");
  }

  @Test
  void unschedulablePodKeepsTheRequestPendingWithTheSchedulersMessage() {
    create("no-gpu");
    Job job = awaitJob("no-gpu-unlearn");
    cluster.unschedulable(cluster.createPod(job, "e1"), "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");

    UnlearningRequestStatus pending = awaitStatus("no-gpu",
        s -> s.getConditions().stream().anyMatch(c -> c.getType().equals("Scheduled") && "Unschedulable".equals(c.getReason())));
    assertThat(pending.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(pending, "Scheduled").getStatus()).isEqualTo("False");
    assertThat(condition(pending, "Scheduled").getMessage()).contains("3 Insufficient nvidia.com/gpu");
    assertThat(pending.getMessage()).contains("Insufficient nvidia.com/gpu");
  }

  @Test
  void invalidSpecFailsWithoutAJob() {
    UnlearningRequest request = TestRequests.valid("bad-spec");
    request.getMetadata().setNamespace(NS);
    request.getMetadata().setUid(null);
    request.getSpec().getForget().setFraction(1.5);
    client.resource(request).create();

    UnlearningRequestStatus failed = awaitStatus("bad-spec", s -> s.getPhase() == Phase.Failed);
    Condition accepted = condition(failed, "Accepted");
    assertThat(accepted.getStatus()).isEqualTo("False");
    assertThat(accepted.getReason()).isEqualTo("InvalidSpec");
    assertThat(accepted.getMessage()).contains("spec.forget.fraction");
    assertThat(failed.getJobName()).isNull();
    await().untilAsserted(() -> assertThat(events("bad-spec")).extracting(Event::getReason).contains("InvalidSpec"));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> jobs().stream().noneMatch(j -> j.getMetadata().getName().startsWith("bad-spec")));
  }

  @Test
  void deletingTheRequestLeavesTheJobToTheGarbageCollector() {
    UnlearningRequest request = create("gone");
    Job job = awaitJob("gone-unlearn");
    awaitStatus("gone", s -> s.getPhase() == Phase.Pending);
    // No finalizer: the request goes at once, and Kubernetes' garbage collector deletes the Job through its
    // controller owner reference (the mock server has no garbage collector).
    assertThat(client.resource(request).get().getMetadata().getFinalizers()).isEmpty();
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo(request.getMetadata().getUid());
      assertThat(o.getKind()).isEqualTo(UnlearningRequest.KIND);
      assertThat(o.getController()).isTrue();
      assertThat(o.getBlockOwnerDeletion()).isTrue();
    });

    client.resource(request).delete();
    await().until(() -> client.resources(UnlearningRequest.class).inNamespace(NS).withName("gone").get() == null);
    // The operator leaves the Job alone ...
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> jobs().stream().anyMatch(j -> j.getMetadata().getUid().equals(job.getMetadata().getUid())));
    // ... and once the garbage collector has taken it, does not start another run for the deleted request.
    client.resource(job).delete();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> jobs().stream().noneMatch(j -> j.getMetadata().getName().equals("gone-unlearn")));
  }

  private UnlearningRequest create(String name) {
    return scenario.create(name);
  }

  private Job awaitJob(String name) {
    return scenario.awaitJob(name);
  }

  private List<Job> jobs() {
    return scenario.jobs();
  }

  private UnlearningRequestStatus status(String name) {
    return scenario.status(name);
  }

  private UnlearningRequestStatus awaitStatus(String name, Predicate<UnlearningRequestStatus> done) {
    return scenario.awaitStatus(name, done);
  }

  private List<Event> events(String name) {
    return scenario.events(name);
  }

  static Condition condition(UnlearningRequestStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
