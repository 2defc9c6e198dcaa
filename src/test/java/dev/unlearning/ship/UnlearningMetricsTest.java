package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Accuracies;
import dev.unlearning.api.Phase;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.operator.metrics.UnlearningMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnlearningMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final UnlearningMetrics metrics = new UnlearningMetrics(registry);

  private double requests(String namespace, Phase phase) {
    Gauge g = registry.find(UnlearningMetrics.REQUESTS).tags("namespace", namespace, "phase", phase.name()).gauge();
    assertThat(g).as("gauge %s %s", namespace, phase).isNotNull();
    return g.value();
  }

  private Gauge accuracy(String namespace, String name, String set) {
    return registry.find(UnlearningMetrics.ACCURACY).tags("namespace", namespace, "name", name, "set", set).gauge();
  }

  private static ResultSummary result(double retain, double forget, double test, Double mia, double totalSeconds) {
    ResultSummary r = new ResultSummary();
    Accuracies unlearned = new Accuracies(retain, forget, test);
    unlearned.setMia(mia);
    r.setUnlearned(unlearned);
    r.setOriginal(new Accuracies(0.99, 0.99, 0.9));
    Map<String, Double> durations = new LinkedHashMap<>();
    durations.put("fineTune", totalSeconds / 2);
    durations.put("total", totalSeconds);
    r.setDurationsSeconds(durations);
    return r;
  }

  @Test
  void countsRequestsByPhaseAndFollowsTransitions() {
    metrics.phaseObserved("team-a", "r1", Phase.Pending);
    metrics.phaseObserved("team-a", "r2", Phase.Pending);
    metrics.phaseObserved("team-b", "r1", Phase.Running);

    assertThat(requests("team-a", Phase.Pending)).isEqualTo(2.0);
    assertThat(requests("team-a", Phase.Running)).isZero();
    assertThat(requests("team-b", Phase.Running)).isEqualTo(1.0);
    assertThat(requests("team-b", Phase.Pending)).isZero();

    metrics.phaseObserved("team-a", "r1", Phase.Running);
    metrics.phaseObserved("team-a", "r1", Phase.Running); // repeated reconcile: still one request
    metrics.phaseObserved("team-a", "r2", Phase.Failed);
    assertThat(requests("team-a", Phase.Pending)).isZero();
    assertThat(requests("team-a", Phase.Running)).isEqualTo(1.0);
    assertThat(requests("team-a", Phase.Failed)).isEqualTo(1.0);

    metrics.phaseObserved("team-a", "r3", null); // no status yet: ignored
    assertThat(requests("team-a", Phase.Running) + requests("team-a", Phase.Failed)).isEqualTo(2.0);
  }

  @Test
  void countsCreatedJobsPerNamespace() {
    metrics.jobCreated("team-a");
    metrics.jobCreated("team-a");
    metrics.jobCreated("team-b");
    assertThat(registry.get(UnlearningMetrics.JOBS_CREATED).tag("namespace", "team-a").counter().count()).isEqualTo(2.0);
    assertThat(registry.get(UnlearningMetrics.JOBS_CREATED).tag("namespace", "team-b").counter().count()).isEqualTo(1.0);
  }

  @Test
  void recordsDurationsInAHistogramAndAccuraciesAsGauges() {
    metrics.resultRecorded("team-a", "r1", result(0.97, 0.88, 0.89, 0.51, 120.0));
    metrics.resultRecorded("team-a", "r2", result(0.95, 0.80, 0.87, null, 60.0));

    Timer total = registry.get(UnlearningMetrics.DURATION).tags("namespace", "team-a", "step", "total").timer();
    assertThat(total.count()).isEqualTo(2);
    assertThat(total.totalTime(TimeUnit.SECONDS)).isEqualTo(180.0);
    assertThat(total.max(TimeUnit.SECONDS)).isEqualTo(120.0);
    assertThat(registry.get(UnlearningMetrics.DURATION).tags("namespace", "team-a", "step", "fineTune").timer()
        .totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);

    assertThat(accuracy("team-a", "r1", "retain").value()).isEqualTo(0.97);
    assertThat(accuracy("team-a", "r1", "forget").value()).isEqualTo(0.88);
    assertThat(accuracy("team-a", "r1", "test").value()).isEqualTo(0.89);
    assertThat(accuracy("team-a", "r2", "forget").value()).isEqualTo(0.80);
    assertThat(registry.get(UnlearningMetrics.MIA).tags("namespace", "team-a", "name", "r1").gauge().value()).isEqualTo(0.51);
    assertThat(registry.find(UnlearningMetrics.MIA).tags("name", "r2").gauge()).as("no MIA measured").isNull();

    // Called again (every reconcile): the gauges follow, the request is not counted twice, no meter is added.
    metrics.resultRecorded("team-a", "r1", result(0.96, 0.85, 0.88, 0.50, 100.0));
    assertThat(accuracy("team-a", "r1", "forget").value()).isEqualTo(0.85);
    assertThat(registry.find(UnlearningMetrics.ACCURACY).tags("namespace", "team-a", "name", "r1").gauges()).hasSize(3);
    assertThat(total.count()).isEqualTo(2);
  }

  @Test
  void prometheusExpositionHasTheDocumentedNamesAndAHistogram() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    UnlearningMetrics m = new UnlearningMetrics(prometheus);
    m.jobCreated("team-a");
    m.phaseObserved("team-a", "r1", Phase.Succeeded);
    m.resultRecorded("team-a", "r1", result(0.97, 0.88, 0.89, 0.5, 42.0));

    String scrape = prometheus.scrape();
    assertThat(scrape)
        .contains("unlearning_jobs_created_total{namespace=\"team-a\",} 1.0")
        .contains("unlearning_requests{namespace=\"team-a\",phase=\"Succeeded\",} 1.0")
        .contains("unlearning_requests{namespace=\"team-a\",phase=\"Running\",} 0.0")
        .contains("unlearning_unlearned_accuracy{name=\"r1\",namespace=\"team-a\",set=\"forget\",} 0.88")
        .contains("unlearning_unlearned_mia{name=\"r1\",namespace=\"team-a\",} 0.5")
        .contains("unlearning_duration_seconds_count{namespace=\"team-a\",step=\"total\",} 1.0")
        .containsPattern("unlearning_duration_seconds_bucket\\{namespace=\"team-a\",step=\"total\",le=\"[0-9.]+\",\\} 1.0")
        .containsPattern("unlearning_duration_seconds_bucket\\{namespace=\"team-a\",step=\"total\",le=\"[0-9.]+\",\\} 0.0");
  }

  @Test
  void skipsMissingAndInvalidValues() {
    ResultSummary r = new ResultSummary();
    Map<String, Double> durations = new LinkedHashMap<>();
    durations.put("total", Double.NaN);
    durations.put("load", -1.0);
    durations.put("save", null);
    r.setDurationsSeconds(durations);
    metrics.resultRecorded("team-a", "r1", r);
    metrics.resultRecorded("team-a", "r2", null);
    assertThat(registry.find(UnlearningMetrics.DURATION).timers()).isEmpty();
    assertThat(registry.find(UnlearningMetrics.ACCURACY).gauges()).isEmpty();
  }

  @Test
  void requestsMissingFromTheCacheAreForgotten() {
    metrics.phaseObserved("team-a", "r1", Phase.Succeeded);
    metrics.phaseObserved("team-a", "r2", Phase.Running);
    metrics.resultRecorded("team-a", "r1", result(0.9, 0.8, 0.85, 0.55, 60));
    metrics.retainOnly(java.util.Set.of("team-a/r2"));
    assertThat(registry.get(UnlearningMetrics.REQUESTS).tags("namespace", "team-a", "phase", "Succeeded").gauge().value())
        .isZero();
    assertThat(registry.get(UnlearningMetrics.REQUESTS).tags("namespace", "team-a", "phase", "Running").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.find(UnlearningMetrics.ACCURACY).tags("name", "r1").gauges()).isEmpty();
  }

  @Test
  void deletingARequestRemovesItsGaugesAndPhase() {
    metrics.phaseObserved("team-a", "r1", Phase.Succeeded);
    metrics.phaseObserved("team-a", "r2", Phase.Succeeded);
    metrics.resultRecorded("team-a", "r1", result(0.97, 0.88, 0.89, 0.5, 10));
    metrics.resultRecorded("team-a", "r2", result(0.97, 0.88, 0.89, 0.5, 10));

    metrics.requestDeleted("team-a", "r1");

    assertThat(requests("team-a", Phase.Succeeded)).isEqualTo(1.0);
    assertThat(registry.find(UnlearningMetrics.ACCURACY).tags("name", "r1").gauges()).isEmpty();
    assertThat(registry.find(UnlearningMetrics.MIA).tags("name", "r1").gauges()).isEmpty();
    assertThat(registry.find(UnlearningMetrics.ACCURACY).tags("name", "r2").gauges()).hasSize(3);
    // The histogram keeps its history: durations are not per request.
    assertThat(registry.get(UnlearningMetrics.DURATION).tags("step", "total").timer().count()).isEqualTo(2);

    metrics.requestDeleted("team-a", "unknown"); // never seen: no error
    metrics.requestDeleted("team-a", "r1"); // twice: no error

    // A new request of the same name is a new request: its result counts.
    metrics.resultRecorded("team-a", "r1", result(0.9, 0.8, 0.85, 0.5, 20));
    assertThat(registry.get(UnlearningMetrics.DURATION).tags("step", "total").timer().count()).isEqualTo(3);
    assertThat(accuracy("team-a", "r1", "retain").value()).isEqualTo(0.9);
  }
}
