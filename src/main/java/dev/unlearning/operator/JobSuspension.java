package dev.unlearning.operator;

import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Brings a running Job in line with {@code spec.suspend}. A plain Job gets {@code spec.suspend}; a Job in a Kueue
 * queue is suspended through its Workload ({@code spec.active: false}), since Kueue would start a suspended Job it
 * admitted again. The Job is annotated either way, so resuming never releases a Job that only Kueue holds.
 */
@ApplicationScoped
public class JobSuspension {

  private static final Logger LOG = Logger.getLogger(JobSuspension.class);
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  @Inject
  KubernetesClient client;

  void sync(UnlearningRequest request, Job job) {
    if (JobConditions.find(job, "Complete").isPresent() || JobConditions.find(job, "Failed").isPresent()) {
      return;
    }
    boolean wanted = Suspension.requested(request);
    if (wanted == Suspension.suspendedByOperator(job)) {
      return;
    }
    boolean kueue = job.getMetadata().getLabels() != null
        && job.getMetadata().getLabels().containsKey(WorkerLabels.KUEUE_QUEUE);
    if (kueue) {
      List<GenericKubernetesResource> workloads = workloads(job);
      if (workloads.isEmpty()) {
        return; // Kueue has not made it yet; its Workload's creation changes the Job, which brings us back.
      }
      for (GenericKubernetesResource workload : workloads) {
        client.genericKubernetesResources(PendingCauses.WORKLOADS).inNamespace(job.getMetadata().getNamespace())
            .withName(workload.getMetadata().getName()).patch(MERGE, "{\"spec\":{\"active\":" + !wanted + "}}");
      }
    }
    String annotation = "\"" + wanted + "\"";
    String suspend = kueue ? "" : ",\"spec\":{\"suspend\":" + wanted + "}";
    client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
        .patch(MERGE, "{\"metadata\":{\"annotations\":{\"" + Suspension.ANNOTATION + "\":" + annotation + "}}"
            + suspend + "}");
    LOG.infof("%s Job %s/%s (spec.suspend=%s)", wanted ? "suspended" : "resumed", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), wanted);
  }

  private List<GenericKubernetesResource> workloads(Job job) {
    return client.genericKubernetesResources(PendingCauses.WORKLOADS).inNamespace(job.getMetadata().getNamespace())
        .withLabel(PendingCauses.KUEUE_JOB_UID, job.getMetadata().getUid()).list().getItems();
  }
}
