package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Why a Job waits when neither the Job nor a pod says so: the Job controller's {@code FailedCreate} events (a pod
 * refused for quota, LimitRange or Pod Security) and, for a Job suspended in a Kueue queue, the pending reason of
 * its Workload. One list call, and only for a Job in that state, so the operator's API calls stay bounded by the
 * number of such requests per {@code unlearning.progress-interval}.
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

  Optional<String> of(WorkerObservation observation) {
    Optional<Job> job = observation.job()
        .filter(j -> JobConditions.find(j, "Complete").isEmpty() && JobConditions.find(j, "Failed").isEmpty());
    if (job.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (JobConditions.isSuspended(job.get())) {
        return hasQueue(job.get()) ? kueuePending(job.get()) : Optional.empty();
      }
      return observation.pods().isEmpty() ? failedCreate(job.get()) : Optional.empty();
    } catch (KubernetesClientException e) {
      // A courtesy for the message: no Kueue installed (404) or no right to read must not fail the reconcile.
      LOG.debugf("cannot read why Job %s waits: %s", job.get().getMetadata().getName(), e.getMessage());
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
