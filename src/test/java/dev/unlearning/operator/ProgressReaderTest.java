package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Phase;
import dev.unlearning.api.Progress;
import dev.unlearning.api.ProgressLine;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's reading of a running worker's progress from its pod log, against the mock API server. */
@EnableKubernetesMockClient
class ProgressReaderTest {

  static final String LOG_PATH = "/api/v1/namespaces/ml/pods/r-unlearn-a1/log?container=worker&tailLines="
      + ProgressReader.TAIL_LINES + "&limitBytes=" + ProgressReader.LIMIT_BYTES;
  private static final Instant T0 = Instant.parse("2026-11-27T11:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(20);

  KubernetesMockServer server;
  KubernetesClient client;
  ProgressReader reader;
  UnlearningRequest request;
  Pod pod;

  @BeforeEach
  void reader() {
    reader = new ProgressReader();
    reader.client = client;
    reader.budget = new ReadBudget(INTERVAL, 10);
    request = running("r");
    pod = new PodBuilder().withNewMetadata().withName("r-unlearn-a1").withNamespace("ml").endMetadata().build();
  }

  @Test
  void readsTheNewestLineOfTheLogTailAtMostOncePerInterval() {
    server.expect().get().withPath(LOG_PATH).andReturn(200, log(2)).once();
    server.expect().get().withPath(LOG_PATH).andReturn(200, log(3)).once();
    int before = server.getRequestCount();

    Progress first = reader.next(request, pod, T0, INTERVAL).orElseThrow();
    assertThat(first.getSummary()).isEqualTo("fineTune 2/5 40%");
    assertThat(first.getRemainingSeconds()).isEqualTo(30L);
    request.getStatus().setProgress(first);
    // Events in between (a pod update, the status write itself) read nothing.
    assertThat(reader.next(request, pod, T0.plusSeconds(19), INTERVAL)).containsSame(first);
    assertThat(server.getRequestCount() - before).isEqualTo(1);

    assertThat(reader.next(request, pod, T0.plusSeconds(20), INTERVAL)).get()
        .extracting(Progress::getSummary).isEqualTo("fineTune 3/5 60%");
    assertThat(server.getRequestCount() - before).isEqualTo(2);
  }

  @Test
  void aFolderFetchReachesTheStatusWithItsObjectsBytesRateAndTimeLeft() {
    String log = "INFO [ml/r] fetch started\n" + ProgressLine.format(ProgressLine.ofTransfer("fetch", 3_000, 12_000,
        1_500_000, 6_000_000, Duration.ofSeconds(10), T0)) + "\n";
    server.expect().get().withPath(LOG_PATH).andReturn(200, log).once();

    Progress p = reader.next(request, pod, T0, INTERVAL).orElseThrow();
    assertThat(p.getSummary()).as("kubectl's PROGRESS column").isEqualTo("fetch 3000/12000 25%");
    assertThat(p.getObjectsDone()).isEqualTo(3_000);
    assertThat(p.getObjects()).isEqualTo(12_000);
    assertThat(p.getBytesDone()).isEqualTo(1_500_000);
    assertThat(p.getObjectsPerSecond()).isEqualTo(300.0);
    assertThat(p.getRemainingSeconds()).isEqualTo(30L);
  }

  @Test
  void aLogThatCannotBeReadOrHasNoProgressLineKeepsTheLastReading() {
    Progress stored = ProgressLine.of("pretrain", 1, 2, 0.7, Duration.ofSeconds(5), T0);
    request.getStatus().setProgress(stored);
    server.expect().get().withPath(LOG_PATH).andReturn(200, "INFO load started\nINFO load finished in 2.0 s\n").once();
    server.expect().get().withPath(LOG_PATH).andReturn(403, new StatusBuilder().withCode(403)
        .withMessage("pods \"r-unlearn-a1\" is forbidden: cannot get resource \"pods/log\"").build()).once();

    assertThat(reader.next(request, pod, T0, INTERVAL)).containsSame(stored);
    assertThat(reader.next(request, pod, T0.plusSeconds(20), INTERVAL)).containsSame(stored);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theIntervalGrowsWithTheRunningRequestsSoAllOfThemReadAtMostTheBudget() {
    assertThat(reader.interval(5)).isEqualTo(INTERVAL);
    assertThat(reader.interval(200)).isEqualTo(INTERVAL);
    assertThat(reader.interval(1000)).as("1,000 running at 10 reads/s").isEqualTo(Duration.ofSeconds(100));
    UnlearningRequest pending = running("p");
    pending.getStatus().setPhase(Phase.Pending);
    Stream<UnlearningRequest> cache = Stream.concat(Stream.of(pending),
        Stream.iterate(0, i -> i + 1).limit(400).map(i -> running("r" + i)));
    assertThat(reader.interval(cache)).as("only Running requests count").isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void zeroReadsPerSecondTurnsProgressReadingOff() {
    assertThat(reader.enabled()).isTrue();
    reader.budget = new ReadBudget(INTERVAL, 0);
    assertThat(reader.enabled()).as("unlearning.progress-reads-per-second=0").isFalse();
  }

  private static UnlearningRequest running(String name) {
    UnlearningRequest request = TestRequests.valid(name);
    UnlearningRequestStatus status = new UnlearningRequestStatus();
    status.setPhase(Phase.Running);
    request.setStatus(status);
    return request;
  }

  private static String log(int epoch) {
    return "INFO [ml/r] fineTune started\n"
        + ProgressLine.format(ProgressLine.of("fineTune", epoch, 5, 1.0 / epoch, Duration.ofSeconds(10L * epoch), T0))
        + "\nINFO [ml/r] fineTune epoch " + epoch + ": loss 0.5, accuracy 0.9\n";
  }
}
