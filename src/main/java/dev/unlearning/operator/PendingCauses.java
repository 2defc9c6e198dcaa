package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Why a Job waits when neither the Job nor a pod says so: the Job controller's {@code FailedCreate} events (a pod
 * refused for quota, LimitRange or Pod Security) and, for a Job suspended in a Kueue queue, the pending reason of
 * its Workload. One list call, only for a Job in that state, and at most once per {@link #interval} for each Job (a
 * reconcile in between, which any event of the Job or request triggers, reuses the last answer): the interval is
 * {@code unlearning.progress-interval}, longer when so many Jobs wait that all of them together would read more than
 * {@code unlearning.progress-reads-per-second} lists.
 */
@ApplicationScoped
public class PendingCauses {

  static final String FAILED_CREATE = "FailedCreate";
  static final String KUEUE_JOB_UID = "kueue.x-k8s.io/job-uid";
  static final ResourceDefinitionContext WORKLOADS = new ResourceDefinitionContext.Builder()
      .withGroup("kueue.x-k8s.io").withVersion("v1beta1").withKind("Workload").withPlural("workloads")
      .withNamespaced(true).build();
  private static final Logger LOG = Logger.getLogger(PendingCauses.class);

  @Inject
  KubernetesClient client;

  /** How often one waiting Job is read, and how often all of them together at most. */
  @Inject
  ReadBudget budget;

  private record Reading(Instant at, Optional<String> cause) {}

  /** The last answer for each waiting Job, by Job uid; a Job that no longer waits is forgotten. */
  private final Map<String, Reading> readings = new ConcurrentHashMap<>();

  Optional<String> of(WorkerObservation observation, Instant now) {
    Optional<Job> job = observation.job()
        .filter(j -> JobConditions.find(j, "Complete").isEmpty() && JobConditions.find(j, "Failed").isEmpty());
    boolean asks = job.isPresent() && (JobConditions.isSuspended(job.get()) ? hasQueue(job.get())
        : observation.pods().isEmpty());
    if (!asks) {
      observation.job().ifPresent(j -> readings.remove(j.getMetadata().getUid()));
      return Optional.empty();
    }
    String uid = job.get().getMetadata().getUid();
    Reading last = readings.get(uid);
    Duration interval = budget.interval(readings.size());
    if (last != null && last.at().plus(interval).isAfter(now)) {
      return last.cause();
    }
    Optional<String> cause = read(job.get());
    // A Job deleted while it waited is never asked about again: its reading goes once well past its interval.
    Instant stale = now.minus(interval.multipliedBy(3));
    readings.values().removeIf(r -> r.at().isBefore(stale));
    readings.put(uid, new Reading(now, cause));
    return cause;
  }

  private Optional<String> read(Job job) {
    try {
      return JobConditions.isSuspended(job) ? kueuePending(job) : failedCreate(job);
    } catch (KubernetesClientException e) {
      // A courtesy for the message: no Kueue installed (404) or no right to read must not fail the reconcile.
      LOG.debugf("cannot read why Job %s waits: %s", job.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<String> failedCreate(Job job) {
    String uid = job.getMetadata().getUid();
    List<Event> events = client.v1().events().inNamespace(job.getMetadata().getNamespace())
        .withField("involvedObject.uid", uid).withField("reason", FAILED_CREATE).list().getItems();
    // Filtered here too: not every API server (nor the test server) honours these field selectors.
    return events.stream()
        .filter(e -> e.getInvolvedObject() != null && uid.equals(e.getInvolvedObject().getUid()))
        .filter(e -> FAILED_CREATE.equals(e.getReason()))
        .max(Comparator.comparing(PendingCauses::lastSeen))
        .map(Event::getMessage);
  }

  private Optional<String> kueuePending(Job job) {
    List<GenericKubernetesResource> workloads = client.genericKubernetesResources(WORKLOADS)
        .inNamespace(job.getMetadata().getNamespace()).withLabel(KUEUE_JOB_UID, job.getMetadata().getUid())
        .list().getItems();
    return workloads.stream().map(PendingCauses::notAdmittedMessage).flatMap(Optional::stream).findFirst()
        .map(m -> "Kueue: " + m);
  }

  // Kueue's Workload: QuotaReserved=False while no ClusterQueue has quota for it, with the reason in its message.
  @SuppressWarnings("unchecked")
  private static Optional<String> notAdmittedMessage(GenericKubernetesResource workload) {
    Object status = workload.getAdditionalProperties().get("status");
    Object conditions = status instanceof Map<?, ?> m ? m.get("conditions") : null;
    if (!(conditions instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c)
        .filter(c -> "False".equals(c.get("status")))
        .filter(c -> "QuotaReserved".equals(c.get("type")) || "Admitted".equals(c.get("type")))
        .map(c -> Objects.toString(c.get("message"), ""))
        .filter(m -> !m.isBlank())
        .findFirst();
  }

  private static boolean hasQueue(Job job) {
    return job.getMetadata().getLabels() != null && job.getMetadata().getLabels().containsKey(WorkerLabels.KUEUE_QUEUE);
  }

  private static String lastSeen(Event e) {
    return Objects.requireNonNullElse(e.getLastTimestamp(), Objects.requireNonNullElse(
        e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp(), ""));
  }
}
