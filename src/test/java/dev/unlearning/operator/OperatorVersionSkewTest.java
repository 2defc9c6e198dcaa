package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.operator.metrics.UnlearningMetrics;
import dev.unlearning.operator.reading.ReadReporter;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Requests this operator version cannot fully read, next to normal ones, before and after start-up: a field of a
 * newer CRD, a field whose type changed, unknown status fields, a request a newer operator already started. None of
 * them stops the operator; the normal requests keep getting their Jobs.
 */
@QuarkusTest
@TestProfile(OperatorVersionSkewTest.FreshOperator.class)
@WithKubernetesTestServer(crud = true)
class OperatorVersionSkewTest {

  /** Its own profile: objects must exist before this application's operator starts. */
  public static class FreshOperator implements QuarkusTestProfile {
  }

  static final String NS = "skew";
  static final ResourceDefinitionContext REQUESTS = new ResourceDefinitionContext.Builder()
      .withGroup(UnlearningRequest.GROUP).withVersion(UnlearningRequest.VERSION).withKind(UnlearningRequest.KIND)
      .withPlural("unlearningrequests").withNamespaced(true).build();
  static final String LIST = "/apis/unlearning.dev/v1alpha1/unlearningrequests?resourceVersion=0";

  @KubernetesTestServer
  KubernetesServer server;

  @Inject
  KubernetesClient client;

  @Inject
  Operator operator;

  @Inject
  WorkerConfig config;

  @Inject
  MeterRegistry registry;

  @Test
  void oddRequestsAndInformerErrorsNeverStopTheOperator() {
    // Present before start-up.
    createRaw("normal-before", spec -> { });
    createRaw("newer-field", spec -> job(spec).put("fromVersion99", 600));
    createRaw("wrong-type", spec -> spec.put("epochs", "many"));
    FakeJobController cluster = new FakeJobController(client);
    Pod resumed = startedByANewerOperator(cluster);

    // Informer errors: the first list is forbidden (as while RBAC is not granted yet), and once started the
    // watch gets an event it cannot use. Both are retried; by default the first stops the operator, the second the
    // informer (HTTP 5xx would not do: the client itself retries those).
    server.expect().get().withPath(LIST).andReturn(403, apiError(403, "unlearningrequests is forbidden")).once();
    failFirstWatch();

    OperatorStarter.startOnce(operator);
    server.getKubernetesMockServer().clearExpectations();

    awaitJob("normal-before-unlearn");
    UnlearningRequestStatus failed = awaitStatus("newer-field", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("UnsupportedField");
    assertThat(condition(failed, "Accepted").getReason()).isEqualTo("UnsupportedField");
    assertThat(failed.getMessage()).contains("spec.job.fromVersion99")
        .contains("version " + BuildVersion.current());
    awaitEvent("newer-field", "UnsupportedField", "spec.job.fromVersion99");
    awaitEvent("wrong-type", ReadReporter.UNREADABLE, "spec.epochs");

    // A request a newer operator started keeps running: its Job is observed, its unknown status field kept.
    UnlearningRequestStatus running = awaitStatus("resumed", s -> s.getPhase() == Phase.Running);
    assertThat(condition(running, "Running").getStatus()).isEqualTo("True");
    assertThat(raw("resumed").getAdditionalProperties().get("status")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("futureField", "kept");
    awaitEvent("resumed", ReadReporter.UNKNOWN_FIELDS, "spec.job.fromVersion99");
    cluster.terminated(resumed, 0, "Completed", OperatorEndToEndTest.RESULTS);
    cluster.complete(cluster.job(NS, "resumed-unlearn"));
    awaitStatus("resumed", s -> s.getPhase() == Phase.Succeeded);

    // After start-up, through the watch.
    createRaw("wrong-type-after", spec -> spec.put("forget", "10%"));
    createRaw("normal-after", spec -> { });
    awaitJob("normal-after-unlearn");
    awaitEvent("wrong-type-after", ReadReporter.UNREADABLE, "spec.forget");

    assertThat(status("wrong-type")).isNull();
    assertThat(jobs()).extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("normal-before-unlearn", "resumed-unlearn", "normal-after-unlearn");
    Counter unreadable = registry.find(UnlearningMetrics.UNREADABLE).tags("namespace", NS).counter();
    assertThat(unreadable).isNotNull();
    assertThat(unreadable.count()).isEqualTo(2.0);
    assertThat(operator.getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
  }

  /**
   * The watch that follows the first successful list answers with a garbled event after the informer has started.
   * Its URL holds the list's resourceVersion, which the start-up's own writes (the CRD) move on a little.
   */
  private void failFirstWatch() {
    long now = Long.parseLong(client.genericKubernetesResources(REQUESTS).inAnyNamespace().list()
        .getMetadata().getResourceVersion());
    for (long rv = now; rv <= now + 5; rv++) {
      server.expect().get().withPath(LIST.replace("?resourceVersion=0",
              "?allowWatchBookmarks=true&resourceVersion=" + rv + "&timeoutSeconds=600&watch=true"))
          .andUpgradeToWebSocket().open()
          .waitFor(1000).andEmit(new WatchEvent(apiError(500, "garbled by a proxy"), "MODIFIED"))
          .done().once();
    }
  }

  private static Status apiError(int code, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
  }

  /** A request with a newer spec field whose Job a newer operator created and whose status it wrote. */
  private Pod startedByANewerOperator(FakeJobController cluster) {
    createRaw("resumed", spec -> job(spec).put("fromVersion99", 600));
    UnlearningRequest typed = client.resources(UnlearningRequest.class).inNamespace(NS).withName("resumed").get();
    Job job = client.resource(new WorkerJobBuilder(config).build(typed)).create();
    GenericKubernetesResource raw = raw("resumed");
    raw.getAdditionalProperties().put("status", new LinkedHashMap<>(Map.of("phase", "Pending",
        "jobName", job.getMetadata().getName(), "futureField", "kept")));
    client.genericKubernetesResources(REQUESTS).inNamespace(NS).resource(raw).updateStatus();
    Pod pod = cluster.createPod(job, "n1");
    cluster.running(pod);
    return pod;
  }

  @SuppressWarnings("unchecked")
  private void createRaw(String name, Consumer<Map<String, Object>> change) {
    UnlearningRequest request = TestRequests.valid(name);
    request.getMetadata().setNamespace(NS);
    request.getMetadata().setUid(null);
    GenericKubernetesResource raw = client.getKubernetesSerialization().convertValue(request, GenericKubernetesResource.class);
    raw.getAdditionalProperties().remove("status");
    change.accept((Map<String, Object>) raw.getAdditionalProperties().get("spec"));
    client.genericKubernetesResources(REQUESTS).inNamespace(NS).resource(raw).create();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> job(Map<String, Object> spec) {
    return (Map<String, Object>) spec.computeIfAbsent("job", k -> new LinkedHashMap<String, Object>());
  }

  private GenericKubernetesResource raw(String name) {
    return client.genericKubernetesResources(REQUESTS).inNamespace(NS).withName(name).get();
  }

  private UnlearningRequestStatus status(String name) {
    Object status = raw(name).getAdditionalProperties().get("status");
    return status == null ? null : client.getKubernetesSerialization().convertValue(status, UnlearningRequestStatus.class);
  }

  private UnlearningRequestStatus awaitStatus(String name, Predicate<UnlearningRequestStatus> done) {
    return await().atMost(Duration.ofSeconds(20))
        .until(() -> status(name), s -> s != null && s.getPhase() != null && done.test(s));
  }

  private Job awaitJob(String name) {
    return await().atMost(Duration.ofSeconds(20))
        .until(() -> client.batch().v1().jobs().inNamespace(NS).withName(name).get(), j -> j != null);
  }

  private List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems();
  }

  private void awaitEvent(String name, String reason, String text) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(text);
        }));
  }
}
