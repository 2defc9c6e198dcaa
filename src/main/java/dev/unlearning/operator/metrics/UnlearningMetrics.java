package dev.unlearning.operator.metrics;

import dev.unlearning.api.Accuracies;
import dev.unlearning.api.Phase;
import dev.unlearning.api.ResultSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The project's own Prometheus metrics, next to the Java Operator SDK's reconcile metrics on {@code /q/metrics}.
 *
 * <ul>
 *   <li>{@value #REQUESTS} (gauge, tags namespace, phase): requests by phase, as last observed by the reconciler;</li>
 *   <li>{@value #JOBS_CREATED} (counter, tag namespace): worker Jobs created;</li>
 *   <li>{@value #DURATION} (timer with histogram buckets, tags namespace, step): the worker's phase durations,
 *       e.g. step=total, fineTune, once per succeeded request seen by this process;</li>
 *   <li>{@value #ACCURACY} (gauge, tags namespace, name, set=retain|forget|test) and {@value #MIA} (gauge, tags
 *       namespace, name): the last unlearned model's accuracies and membership-inference score per request, removed
 *       when the request is deleted.</li>
 *   <li>{@value #UNREADABLE} (counter, tag namespace): versions of UnlearningRequests this operator could not read
 *       and skipped (a field's type changed by a newer CRD).</li>
 * </ul>
 *
 * Thread-safe: the reconciler calls it from several threads.
 */
@Singleton
public class UnlearningMetrics {

  public static final String REQUESTS = "unlearning.requests";
  public static final String JOBS_CREATED = "unlearning.jobs.created";
  public static final String DURATION = "unlearning.duration";
  public static final String ACCURACY = "unlearning.unlearned.accuracy";
  public static final String MIA = "unlearning.unlearned.mia";
  public static final String UNREADABLE = "unlearning.requests.unreadable";

  private static final Duration MIN_EXPECTED_DURATION = Duration.ofMillis(100);
  private static final Duration MAX_EXPECTED_DURATION = Duration.ofHours(48);

  private final MeterRegistry registry;
  /** Last observed phase of each request. */
  private final Map<RequestKey, Phase> phases = new ConcurrentHashMap<>();
  /** Namespaces whose per-phase gauges are registered. */
  private final Map<String, Boolean> phaseGaugeNamespaces = new ConcurrentHashMap<>();
  /** Requests whose durations are in the histogram already (once per request and operator process). */
  private final Set<RequestKey> durationsRecorded = ConcurrentHashMap.newKeySet();
  /** Per-request gauges: the values they read and the meters to remove on deletion. */
  private final Map<RequestKey, RequestGauges> requestGauges = new ConcurrentHashMap<>();

  public UnlearningMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Call once after the worker Job of a request was created in {@code namespace}. */
  public void jobCreated(String namespace) {
    Counter.builder(JOBS_CREATED)
        .description("Worker Jobs created by the operator")
        .tag("namespace", namespace)
        .register(registry)
        .increment();
  }

  /** Call once per version of a request that could not be read, in {@code namespace}. */
  public void requestUnreadable(String namespace) {
    Counter.builder(UNREADABLE)
        .description("Versions of UnlearningRequests the operator could not read and skipped")
        .tag("namespace", namespace)
        .register(registry)
        .increment();
  }

  /** Call on every reconcile with the phase the request's status has (or gets); {@code null} is ignored. */
  public void phaseObserved(String namespace, String name, Phase phase) {
    if (phase == null) {
      return;
    }
    registerPhaseGauges(namespace);
    phases.put(new RequestKey(namespace, name), phase);
  }

  /**
   * Call on every reconcile of a succeeded request, with the result in its status: sets the accuracy gauges of
   * that request and, the first time this process sees the request's result, records each step duration in the
   * histogram. Repeated calls (every reconcile, or after an operator restart) keep the gauges current without
   * counting a request twice.
   */
  public void resultRecorded(String namespace, String name, ResultSummary result) {
    if (result == null) {
      return;
    }
    if (result.getDurationsSeconds() != null && durationsRecorded.add(new RequestKey(namespace, name))) {
      result.getDurationsSeconds().forEach((step, seconds) -> {
        if (seconds != null && Double.isFinite(seconds) && seconds >= 0) {
          Timer.builder(DURATION)
              .description("Duration of the worker's unlearning steps (step=total for the whole run)")
              .tags("namespace", namespace, "step", step)
              .publishPercentileHistogram()
              .minimumExpectedValue(MIN_EXPECTED_DURATION)
              .maximumExpectedValue(MAX_EXPECTED_DURATION)
              .register(registry)
              .record(Duration.ofNanos(Math.round(seconds * 1e9)));
        }
      });
    }
    Accuracies unlearned = result.getUnlearned();
    if (unlearned != null) {
      RequestGauges gauges = requestGauges.computeIfAbsent(new RequestKey(namespace, name), RequestGauges::new);
      gauges.set("retain", unlearned.getRetain());
      gauges.set("forget", unlearned.getForget());
      gauges.set("test", unlearned.getTest());
      gauges.setMia(unlearned.getMia());
    }
  }

  /** Call when a request is gone (deleted): forgets its phase and removes its gauges. */
  public void requestDeleted(String namespace, String name) {
    RequestKey key = new RequestKey(namespace, name);
    phases.remove(key);
    durationsRecorded.remove(key);
    RequestGauges gauges = requestGauges.remove(key);
    if (gauges != null) {
      gauges.removeAll();
    }
  }

  /**
   * Call with the requests that exist now (namespace/name): every other request this bean knows was deleted, so its
   * phase and gauges go. The reconciler has no finalizer and so no delete hook; it passes its cache on each reconcile.
   */
  public void retainOnly(Set<String> existing) {
    Set<RequestKey> known = new java.util.HashSet<>(phases.keySet());
    known.addAll(requestGauges.keySet());
    for (RequestKey key : known) {
      if (!existing.contains(key.namespace() + "/" + key.name())) {
        requestDeleted(key.namespace(), key.name());
      }
    }
  }

  private void registerPhaseGauges(String namespace) {
    phaseGaugeNamespaces.computeIfAbsent(namespace, ns -> {
      for (Phase p : Phase.values()) {
        Gauge.builder(REQUESTS, phases, m -> count(m, ns, p))
            .description("UnlearningRequests by phase")
            .tags("namespace", ns, "phase", p.name())
            .register(registry);
      }
      return Boolean.TRUE;
    });
  }

  private static double count(Map<RequestKey, Phase> phases, String namespace, Phase phase) {
    return phases.entrySet().stream()
        .filter(e -> e.getValue() == phase && e.getKey().namespace().equals(namespace))
        .count();
  }

  private record RequestKey(String namespace, String name) {}

  /** The gauges of one request. Holds the values strongly: Micrometer gauges only keep weak references. */
  private final class RequestGauges {
    private final RequestKey key;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();

    RequestGauges(RequestKey key) {
      this.key = key;
    }

    void set(String set, Double value) {
      gauge(ACCURACY, "Accuracy of the last unlearned model of a request on a set (retain, forget, test)",
          Tags.of("namespace", key.namespace(), "name", key.name(), "set", set), "set:" + set, value);
    }

    void setMia(Double value) {
      gauge(MIA, "Membership-inference score of the last unlearned model of a request (0.5: forget set looks unseen)",
          Tags.of("namespace", key.namespace(), "name", key.name()), "mia", value);
    }

    private synchronized void gauge(String meterName, String description, Tags tags, String slot, Double value) {
      if (value == null || !Double.isFinite(value)) {
        return;
      }
      AtomicReference<Double> holder = values.get(slot);
      if (holder == null) {
        holder = new AtomicReference<>(value);
        values.put(slot, holder);
        meters.add(Gauge.builder(meterName, holder, AtomicReference::get)
            .description(description)
            .tags(tags)
            .register(registry));
      } else {
        holder.set(value);
      }
    }

    synchronized void removeAll() {
      meters.forEach(registry::remove);
      meters.clear();
      values.clear();
    }
  }
}
