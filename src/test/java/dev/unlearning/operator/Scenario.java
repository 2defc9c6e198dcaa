package dev.unlearning.operator;

import static org.awaitility.Awaitility.await;

import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Requests of one test namespace against the mock server, and waits for what the operator does with them. */
final class Scenario {

  final KubernetesClient client;
  final String namespace;
  final FakeJobController cluster;

  Scenario(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.cluster = new FakeJobController(client);
  }

  /** Starts the operator (once per application) and returns a scenario in {@code namespace}. */
  static Scenario started(Operator operator, KubernetesClient client, String namespace) {
    OperatorStarter.startOnce(operator);
    return new Scenario(client, namespace);
  }

  UnlearningRequest create(String name) {
    return create(name, r -> { });
  }

  /** A valid request, changed by {@code change} before it is created. */
  UnlearningRequest create(String name, Consumer<UnlearningRequest> change) {
    UnlearningRequest request = TestRequests.valid(name);
    request.getMetadata().setNamespace(namespace);
    request.getMetadata().setUid(null);
    change.accept(request);
    return client.resource(request).create();
  }

  /** What {@code kubectl patch ulr NAME --type merge -p '{"spec":{"suspend":...}}'} does. */
  void suspend(String name, boolean suspend) {
    client.resources(UnlearningRequest.class).inNamespace(namespace).withName(name).edit(r -> {
      r.getSpec().setSuspend(suspend);
      return r;
    });
  }

  Job awaitJob(String name) {
    return await().until(() -> cluster.job(namespace, name), j -> j != null);
  }

  List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  boolean noJobNamed(String name) {
    return jobs().stream().noneMatch(j -> j.getMetadata().getName().equals(name));
  }

  UnlearningRequestStatus status(String name) {
    return client.resources(UnlearningRequest.class).inNamespace(namespace).withName(name).get().getStatus();
  }

  UnlearningRequestStatus awaitStatus(String name, Predicate<UnlearningRequestStatus> done) {
    return await().atMost(Duration.ofSeconds(20))
        .until(() -> status(name), s -> s != null && s.getPhase() != null && done.test(s));
  }

  List<Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
