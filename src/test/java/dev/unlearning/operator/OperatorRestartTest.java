package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operator that starts while a request is mid-flight (its Job created and running under a previous operator
 * process) adopts the Job instead of creating a second one and recovers the status from the cluster.
 */
@QuarkusTest
@TestProfile(OperatorRestartTest.FreshOperator.class)
@WithKubernetesTestServer(crud = true)
class OperatorRestartTest {

  /** Its own profile, so this class gets an application (and operator) that has not started yet. */
  public static class FreshOperator implements QuarkusTestProfile {
  }

  static final String NS = "restart";
  static final String EARLIER = "2026-01-01T00:00:00Z";

  @Inject
  KubernetesClient client;

  @Inject
  Operator operator;

  @Inject
  WorkerConfig config;

  @Test
  void restartedOperatorAdoptsTheRunningJobAndRecoversTheStatus() {
    // What the previous operator process left: request with a Pending status, its Job, and a running pod.
    UnlearningRequest request = TestRequests.valid("resumed");
    request.getMetadata().setNamespace(NS);
    request.getMetadata().setUid(null);
    request = client.resource(request).create();
    Job job = client.resource(new WorkerJobBuilder(config).build(request)).create();
    UnlearningRequestStatus earlier = new UnlearningRequestStatus();
    earlier.setPhase(Phase.Pending);
    earlier.setJobName(job.getMetadata().getName());
    earlier.setConditions(List.of(new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Valid")
        .withMessage("spec is valid").withLastTransitionTime(EARLIER).withObservedGeneration(1L).build()));
    request.setStatus(earlier);
    client.resource(request).updateStatus();
    FakeJobController cluster = new FakeJobController(client);
    Pod pod = cluster.createPod(job, "r1");
    cluster.running(pod);

    OperatorStarter.startOnce(operator);

    UnlearningRequestStatus running = await().atMost(Duration.ofSeconds(20))
        .until(() -> status(), s -> s != null && s.getPhase() == Phase.Running);
    assertThat(running.getJobName()).isEqualTo("resumed-unlearn");
    assertThat(condition(running, "Accepted").getLastTransitionTime()).isEqualTo(EARLIER);
    assertThat(condition(running, "Running").getStatus()).isEqualTo("True");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
      List<Job> jobs = client.batch().v1().jobs().inNamespace(NS).list().getItems();
      return jobs.size() == 1 && jobs.get(0).getMetadata().getUid().equals(job.getMetadata().getUid());
    });
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .noneMatch(e -> RequestEvents.JOB_CREATED.equals(e.getReason()));

    cluster.terminated(pod, 0, "Completed", OperatorEndToEndTest.RESULTS);
    cluster.complete(job);
    UnlearningRequestStatus done = await().atMost(Duration.ofSeconds(20))
        .until(() -> status(), s -> s.getPhase() == Phase.Succeeded);
    assertThat(done.getResults().getUnlearned().getTest()).isEqualTo(0.88);
  }

  private UnlearningRequestStatus status() {
    return client.resources(UnlearningRequest.class).inNamespace(NS).withName("resumed").get().getStatus();
  }
}
