package dev.unlearning.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unlearning.api.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The operator under load (issue 11, item 3): the packaged operator against the mock API server with N
 * UnlearningRequests, played through their lives (Jobs created by the operator, pods running with progress in their
 * logs, then succeeded), counting the operator's API calls by verb and resource in each phase, the log reads per
 * second while they all run, and the operator's heap. Runs once with progress reading on (the defaults: every 20 s,
 * at most 10 reads/s) and once off ({@code unlearning.progress-reads-per-second=0}). bench/run-operator-load.sh runs it.
 *
 * <p>System properties: requests (1000), runningSeconds (100), modes (on,off), jar, crd, request, out (directory).
 */
public final class OperatorLoadBenchmark {

  private OperatorLoadBenchmark() {}

  /** One phase of one run: how long it took and the operator's calls in it. */
  record PhaseResult(String name, double seconds, Map<String, Integer> calls) {}

  record RunResult(String mode, int requests, List<PhaseResult> phases, double logReadsPerSecond,
      double statusPatchesPerSecond, long requestsWithProgress, double liveHeapMiB, double peakRssMiB,
      double operatorCpuSeconds) {}

  public static void main(String[] args) throws Exception {
    int requests = Integer.getInteger("requests", 1000);
    Duration running = Duration.ofSeconds(Integer.getInteger("runningSeconds", 100));
    Path out = Path.of(System.getProperty("out", "bench/results/operator-load"));
    Files.createDirectories(out);
    List<RunResult> results = new ArrayList<>();
    for (String mode : System.getProperty("modes", "on,off").split(",")) {
      RunResult r = run(mode, requests, running, out);
      results.add(r);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(mode + ".json").toFile(), r);
    }
    String table = OperatorLoadTable.render(results, running);
    Files.writeString(out.resolve("table.md"), table);
    System.out.println(table);
  }

  private static RunResult run(String mode, int n, Duration running, Path out) throws Exception {
    List<String> settings = mode.equals("off") ? List.of("unlearning.progress-reads-per-second=0") : List.of();
    System.out.printf("%s: %d requests, progress reading %s%n", Instant.now(), n, mode);
    try (LoadCluster cluster = new LoadCluster(System.getProperty("crd", "crds/unlearningrequests.unlearning.dev-v1.yml"),
        System.getProperty("request", "k8s/unlearn.yaml"));
        OperatorProcess operator = new OperatorProcess(System.getProperty("jar", "target/quarkus-app/quarkus-run.jar"),
            cluster.url(), settings, out.resolve("operator-" + mode + ".log"))) {
      List<PhaseResult> phases = new ArrayList<>();

      Instant start = Instant.now();
      cluster.createRequests(n);
      List<Job> jobs = awaitJobs(cluster, n, operator);
      phases.add(phase("start-up, create " + n + ", Jobs created", start, cluster));

      start = Instant.now();
      List<Pod> pods = cluster.startPods(jobs);
      cluster.awaitRequests(LoadCluster.all(n, Phase.Running), Duration.ofMinutes(10));
      phases.add(phase("pods created, all Running", start, cluster));

      start = Instant.now();
      Thread.sleep(running.toMillis());
      PhaseResult steady = phase("all Running for " + running.toSeconds() + " s", start, cluster);
      phases.add(steady);
      long withProgress = LoadCluster.withProgress(cluster.requests());
      double heap = operator.liveHeapMiB();
      ApiCalls.drain(cluster.server); // the jcmd pause's calls are no phase's

      start = Instant.now();
      cluster.completeAll(pods);
      cluster.awaitRequests(LoadCluster.all(n, Phase.Succeeded), Duration.ofMinutes(10));
      phases.add(phase("pods and Jobs completed, all Succeeded", start, cluster));

      double seconds = steady.seconds();
      return new RunResult(mode, n, phases, steady.calls().getOrDefault("GET pods/log", 0) / seconds,
          steady.calls().getOrDefault("PATCH unlearningrequests/status", 0) / seconds, withProgress, heap,
          operator.peakRssMiB(), operator.cpuSeconds());
    }
  }

  private static List<Job> awaitJobs(LoadCluster cluster, int n, OperatorProcess operator) throws InterruptedException {
    Instant start = Instant.now();
    List<Job> jobs = cluster.jobs();
    while (jobs.size() < n) {
      if (!operator.alive() || Duration.between(start, Instant.now()).toMinutes() >= 10) {
        throw new IllegalStateException("only " + jobs.size() + " of " + n + " Jobs (see the operator's log)");
      }
      Thread.sleep(2000);
      jobs = cluster.jobs();
    }
    return jobs;
  }

  private static PhaseResult phase(String name, Instant start, LoadCluster cluster) throws InterruptedException {
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    Map<String, Integer> calls = ApiCalls.drain(cluster.server);
    System.out.printf("%s: %s in %.1f s, %d operator calls %s%n", Instant.now(), name, seconds, ApiCalls.sum(calls),
        calls);
    return new PhaseResult(name, seconds, calls);
  }

  /** Every verb and resource any phase of any run saw, in order. */
  static List<String> keys(List<RunResult> results) {
    TreeSet<String> keys = new TreeSet<>();
    results.forEach(r -> r.phases().forEach(p -> keys.addAll(p.calls().keySet())));
    return new ArrayList<>(keys);
  }

  static Map<String, Integer> total(RunResult r) {
    Map<String, Integer> total = new LinkedHashMap<>();
    r.phases().forEach(p -> ApiCalls.add(total, p.calls()));
    return total;
  }
}
