package dev.unlearning.operator;

import dev.unlearning.api.Phase;
import dev.unlearning.api.Progress;
import dev.unlearning.api.ProgressLine;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Pulls a running worker's progress from the last lines of its pod log ({@code pods/log}; the worker has no API
 * token). The API calls stay bounded: at most one GET of {@value #TAIL_LINES} lines (and {@value #LIMIT_BYTES}
 * bytes) per running request per {@link #interval}, which grows with the number of running requests so that all of
 * them together read at most {@code unlearning.progress-reads-per-second}; the status is written only when the
 * worker printed a new line (about once per epoch).
 */
@ApplicationScoped
public class ProgressReader {

  static final int TAIL_LINES = 20;
  static final int LIMIT_BYTES = 16 * 1024;
  private static final Logger LOG = Logger.getLogger(ProgressReader.class);

  @Inject
  KubernetesClient client;

  /** How often one running request's log is read, and how often all of them together at most. */
  @Inject
  ReadBudget budget;

  /** When each request's log was last read, by request uid: events between two readings read nothing. */
  private final Map<String, Instant> lastRead = new ConcurrentHashMap<>();

  /** Whether running workers' progress is read at all ({@code unlearning.progress-reads-per-second} > 0). */
  boolean enabled() {
    return budget.progressEnabled();
  }

  /**
   * The time between two readings of one request's log, from the requests in the operator's cache (the ones whose
   * status says Running count); forgets the readings of requests that no longer run.
   */
  Duration interval(Stream<UnlearningRequest> cached) {
    Set<String> running = cached.filter(r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.Running)
        .map(r -> r.getMetadata().getUid())
        .collect(Collectors.toSet());
    lastRead.keySet().retainAll(running);
    return interval(running.size());
  }

  /** The time between two readings of one request's log while {@code running} requests run. */
  Duration interval(long running) {
    return budget.interval(running);
  }

  /**
   * The progress to show for a running request at {@code now}: the stored one until {@code interval} has passed since
   * the last reading, then the newest progress line of the worker's log (the stored one if the log has none).
   */
  Optional<Progress> next(UnlearningRequest request, Pod pod, Instant now, Duration interval) {
    Progress previous = request.getStatus() == null ? null : request.getStatus().getProgress();
    String uid = request.getMetadata().getUid();
    Instant last = lastRead.get(uid);
    if (last != null && last.plus(interval).isAfter(now)) {
      return Optional.ofNullable(previous);
    }
    lastRead.put(uid, now);
    return read(pod).or(() -> Optional.ofNullable(previous));
  }

  private Optional<Progress> read(Pod pod) {
    // A plain GET: Fabric8's getLog() first waits for the pod to be ready with a list and a watch of it, which would
    // triple the calls and hold the reconciler thread.
    String uri = "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName()
        + "/log?container=" + WorkerContract.CONTAINER + "&tailLines=" + TAIL_LINES + "&limitBytes=" + LIMIT_BYTES;
    try {
      return ProgressLine.last(client.raw(uri));
    } catch (KubernetesClientException e) {
      // Progress is a courtesy: a log that cannot be read (no rights, kubelet unreachable) keeps the last reading.
      LOG.debugf("cannot read the log of pod %s: %s", pod.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }
}
