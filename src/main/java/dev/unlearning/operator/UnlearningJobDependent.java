package dev.unlearning.operator;

import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import dev.unlearning.operator.metrics.UnlearningMetrics;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The request's worker Job. Create-only: a Job's pod template is immutable and a running Job must not be
 * disturbed, so there is no Updater; and no Deleter either: the owner reference lets Kubernetes delete the Job with
 * its request, while a finished request keeps its Job (and the pods' logs).
 */
@KubernetesDependent(informer = @Informer(labelSelector = WorkerLabels.MANAGED_BY + "=" + WorkerLabels.MANAGED_BY_VALUE))
public class UnlearningJobDependent extends KubernetesDependentResource<Job, UnlearningRequest>
    implements Creator<Job, UnlearningRequest>, SecondaryToPrimaryMapper<Job> {

  // Jobs map to their request through the controller owner reference, which every worker Job has, also one
  // created by an earlier operator version (JOSDK's default for non-garbage-collected dependents is annotations).
  private static final SecondaryToPrimaryMapper<Job> BY_OWNER = Mappers.fromOwnerReferences(UnlearningRequest.class, false);

  @Inject
  WorkerConfig config;

  @Inject
  RequestEvents events;

  @Inject
  UnlearningMetrics metrics;

  public UnlearningJobDependent() {
    super(Job.class);
  }

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Job job) {
    return BY_OWNER.toPrimaryResourceIDs(job);
  }

  @Override
  protected Job desired(UnlearningRequest request, Context<UnlearningRequest> context) {
    return new WorkerJobBuilder(config).build(request);
  }

  @Override
  public Job create(Job desired, UnlearningRequest request, Context<UnlearningRequest> context) {
    Job created;
    try {
      created = super.create(desired, request, context);
    } catch (KubernetesClientException e) {
      // 409: the Job exists and the cache lags (a restart); the retry finds it. Anything else is a refusal.
      throw e.getCode() == 409 ? e : new JobCreateFailure.Refused(desired.getMetadata().getName(), e);
    }
    events.normal(request, RequestEvents.JOB_CREATED, "created Job " + created.getMetadata().getName());
    metrics.jobCreated(request.getMetadata().getNamespace());
    return created;
  }
}
