package dev.unlearning.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.operator.RequestEvents;
import dev.unlearning.operator.TestRequests;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator as a cluster runs it (prod profile, so leader election on; SIGTERM as the kubelet sends it)
 * against the mock API server: a replica stops within {@link #STOP_BOUND} whether it leads or not, a stopped leader
 * releases the Lease, and a standby replica then leads within {@link #HAND_OVER_BOUND} (well under the 15 s a
 * Lease that is not released takes to expire) without a second Job for any request. The measured times are printed
 * (docs/install.md, "Stopping and hand-over").
 */
public class OperatorSignalsIT {

  /** SIGTERM to exit. The Deployment's terminationGracePeriodSeconds leaves room above it. */
  public static final Duration STOP_BOUND = Duration.ofSeconds(5);
  /** SIGTERM to the leader, to the standby holding the Lease: the standby tries every 2-4.4 s (retry period, jitter). */
  static final Duration HAND_OVER_BOUND = Duration.ofSeconds(8);
  static final Duration START = Duration.ofSeconds(120);
  static final String NS = "ml";

  @TempDir
  Path logs;
  MockApiServer api;

  @BeforeEach
  void startApiServer() throws IOException {
    api = new MockApiServer();
  }

  @AfterEach
  void stopApiServer() {
    api.close();
  }

  @Test
  void sigtermStopsAReplicaPromptlyWhetherItLeadsOrNot() throws Exception {
    try (OperatorReplica leader = new OperatorReplica("pod-a", api.url(), logs)) {
      awaitLeader(leader);
      try (OperatorReplica standby = new OperatorReplica("pod-b", api.url(), logs)) {
        standby.awaitLog("New leader with identity: pod-a", START);

        Duration standbyStop = stop(standby);
        assertThat(api.leaseHolder()).as("a standby's stop leaves the leader's Lease").isEqualTo("pod-a");

        Duration leaderStop = stop(leader);
        assertThat(api.leaseHolder()).as("the stopped leader released the Lease: no holder").isEmpty();
        assertThat(leader.output()).contains("released the Lease ops/unlearning-operator-lease")
            .doesNotContain("Exiting.");
        System.out.printf("stop after SIGTERM: standby %d ms, leader %d ms%n", standbyStop.toMillis(),
            leaderStop.toMillis());
      }
    }
  }

  @Test
  void gracefulStopOfTheLeaderHandsOverAtOnceWithoutASecondJob() throws Exception {
    try (OperatorReplica first = new OperatorReplica("pod-a", api.url(), logs)) {
      awaitLeader(first);
      List<String> before = List.of("before-1", "before-2", "before-3");
      before.forEach(this::createRequest);
      Map<String, String> jobUids = awaitJobs(before.size());
      try (OperatorReplica second = new OperatorReplica("pod-b", api.url(), logs)) {
        second.awaitLog("New leader with identity: pod-a", START);

        long sigterm = System.nanoTime();
        Duration stopped = stop(first);
        Duration handOver = awaitHolder("pod-b", sigterm);
        second.awaitLog("Started event processing", Duration.ofSeconds(10));
        System.out.printf("leader stopped %d ms after SIGTERM, standby led %d ms after SIGTERM%n", stopped.toMillis(),
            handOver.toMillis());
        assertThat(handOver).as("SIGTERM to the standby leading").isLessThan(HAND_OVER_BOUND);

        List<String> after = List.of("after-1", "after-2");
        after.forEach(this::createRequest);
        Map<String, String> all = awaitJobs(before.size() + after.size());
        Thread.sleep(2000); // the new leader reconciled every request by now; a second Job would show
        assertThat(jobUids()).as("one Job per request; those of the first leader kept").isEqualTo(all)
            .containsAllEntriesOf(jobUids);
        Map<String, Long> created = api.client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> RequestEvents.JOB_CREATED.equals(e.getReason()))
            .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName(), Collectors.counting()));
        assertThat(created).as("JobCreated events per request").hasSize(5).allSatisfy((r, n) -> assertThat(n).isOne());

        stop(second);
        assertThat(api.leaseHolder()).isEmpty();
      }
    }
  }

  private void awaitLeader(OperatorReplica replica) throws Exception {
    replica.awaitLog("New leader with identity: " + replica.identity, START);
    assertThat(api.leaseHolder()).isEqualTo(replica.identity);
  }

  /** SIGTERM; fails with the replica's threads when it does not exit within the bound. */
  private static Duration stop(OperatorReplica replica) throws Exception {
    Duration took = replica.terminate(STOP_BOUND);
    if (took == null) {
      String threads = threadDump(replica);
      throw new AssertionError(replica.identity + " still runs " + STOP_BOUND.toSeconds() + " s after SIGTERM; its"
          + " threads:\n" + threads + "\nits log:\n" + replica.output());
    }
    // 143: the JVM's exit status after SIGTERM once the shutdown hooks ran; 1 would be JOSDK's exit on stop-leading.
    assertThat(replica.exitCode()).as("exit code of %s", replica.identity).isIn(0, 143);
    return took;
  }

  private static String threadDump(OperatorReplica replica) throws IOException, InterruptedException {
    Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
        Long.toString(replica.pid())).redirectErrorStream(true).start();
    String out = new String(jstack.getInputStream().readAllBytes());
    jstack.waitFor();
    return out;
  }

  private Duration awaitHolder(String identity, long since) throws InterruptedException {
    Duration limit = HAND_OVER_BOUND.plusSeconds(10);
    while (!identity.equals(api.leaseHolder())) {
      Duration waited = Duration.ofNanos(System.nanoTime() - since);
      assertThat(waited).as("%s leads (Lease holder %s)", identity, api.leaseHolder()).isLessThan(limit);
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private void createRequest(String name) {
    UnlearningRequest request = TestRequests.valid(name);
    request.getMetadata().setNamespace(NS);
    request.getMetadata().setUid(null);
    api.client.resource(request).create();
  }

  private Map<String, String> awaitJobs(int count) throws InterruptedException {
    return await(() -> jobUids(), jobs -> jobs.size() == count, "Jobs for " + count + " requests");
  }

  /** Job UID per request. */
  private Map<String, String> jobUids() {
    return api.client.batch().v1().jobs().inNamespace(NS).list().getItems().stream().collect(Collectors.toMap(
        (Job j) -> j.getMetadata().getOwnerReferences().get(0).getName(), j -> j.getMetadata().getUid()));
  }

  private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    T value = read.get();
    while (!done.test(value)) {
      assertThat(System.nanoTime()).as("waiting for %s; last seen %s", what, value).isLessThan(deadline);
      Thread.sleep(100);
      value = read.get();
    }
    return value;
  }
}
