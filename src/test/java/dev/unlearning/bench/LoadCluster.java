package dev.unlearning.bench;

import dev.unlearning.api.Phase;
import dev.unlearning.api.ProgressLine;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.operator.FakeJobController;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;

/**
 * The stand-in cluster of the load benchmark: the Fabric8 mock API server in CRUD mode, plus what it lacks, played
 * from here (user agent {@link ApiCalls#BENCH_USER_AGENT}): the user's requests, the Job controller and kubelet
 * ({@link FakeJobController}), and each worker pod's log, whose last line is a progress line of an epoch every
 * {@link #EPOCH}, served at the path the operator reads ({@code pods/log}, an expectation next to CRUD mode).
 */
final class LoadCluster implements AutoCloseable {

  static final String NAMESPACE = "load";
  static final Duration EPOCH = Duration.ofSeconds(30);
  private static final int EPOCHS = 5;

  final KubernetesMockServer server;
  final KubernetesClient client;
  private final FakeJobController kubelet;
  private final UnlearningRequest template;

  LoadCluster(String crdFile, String requestFile) throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    Config config = new ConfigBuilder(server.createClient().getConfiguration()).withUserAgent(ApiCalls.BENCH_USER_AGENT)
        .withRequestTimeout(60_000).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    kubelet = new FakeJobController(client);
    try (InputStream in = new FileInputStream(crdFile)) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).create();
      server.expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
    }
    try (InputStream in = new FileInputStream(requestFile)) {
      template = client.resources(UnlearningRequest.class).load(in).item();
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  /** The API server URL for the operator. */
  String url() {
    return client.getConfiguration().getMasterUrl();
  }

  void createRequests(int n) {
    for (int i = 0; i < n; i++) {
      UnlearningRequest request = client.getKubernetesSerialization().clone(template);
      request.getMetadata().setName(name(i));
      request.getMetadata().setNamespace(NAMESPACE);
      client.resource(request).create();
    }
  }

  static String name(int i) {
    return String.format("load-%04d", i);
  }

  List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
  }

  List<UnlearningRequest> requests() {
    return client.resources(UnlearningRequest.class).inNamespace(NAMESPACE).list().getItems();
  }

  /** Each Job's pod, running, with a log that progresses one epoch every {@link #EPOCH} from now on. */
  List<Pod> startPods(List<Job> jobs) {
    return jobs.stream().map(job -> {
      Pod pod = kubelet.createPod(job, "p0");
      serveLog(pod, Instant.now());
      return kubelet.running(pod);
    }).toList();
  }

  void completeAll(List<Pod> pods) {
    for (Pod pod : pods) {
      kubelet.terminated(pod, 0, "Completed", FakeJobController.RESULTS);
      String job = pod.getMetadata().getOwnerReferences().get(0).getName();
      kubelet.complete(kubelet.job(NAMESPACE, job));
    }
  }

  private void serveLog(Pod pod, Instant started) {
    String path = "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod.getMetadata().getName() + "/log?container="
        + WorkerContract.CONTAINER + "&tailLines=20&limitBytes=16384";
    server.expect().get().withPath(path).andReply(200, request -> {
      Duration elapsed = Duration.between(started, Instant.now());
      int epoch = (int) Math.min(EPOCHS, 1 + elapsed.toMillis() / EPOCH.toMillis());
      // One line per epoch, as the worker prints it: the same line until the next epoch ends.
      Instant printed = started.plus(EPOCH.multipliedBy(epoch - 1));
      return "INFO fine-tuning on 54000 samples\n" + ProgressLine.format(ProgressLine.of("fineTune", epoch, EPOCHS,
          1.0 / epoch, EPOCH.multipliedBy(EPOCHS - epoch), printed)) + "\n";
    }).always();
  }

  /** Waits (polling every 2 s) until {@code done} holds for the requests; the time it took. */
  Duration awaitRequests(Predicate<List<UnlearningRequest>> done, Duration atMost) throws InterruptedException {
    Instant start = Instant.now();
    while (!done.test(requests())) {
      if (Duration.between(start, Instant.now()).compareTo(atMost) > 0) {
        throw new IllegalStateException("not done after " + atMost);
      }
      Thread.sleep(2000);
    }
    return Duration.between(start, Instant.now());
  }

  static Predicate<List<UnlearningRequest>> all(int n, Phase phase) {
    return rs -> rs.size() == n && rs.stream().allMatch(r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
  }

  static long withProgress(List<UnlearningRequest> requests) {
    return requests.stream().filter(r -> r.getStatus() != null && r.getStatus().getProgress() != null).count();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
