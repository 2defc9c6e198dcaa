package dev.unlearning.operator;

import dev.unlearning.api.Phase;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.ReadReport;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import dev.unlearning.operator.metrics.UnlearningMetrics;
import dev.unlearning.operator.reading.ReadReporter;
import dev.unlearning.operator.reading.RequestProblems;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns each UnlearningRequest into one worker Job (the managed {@link UnlearningJobDependent}, created only while
 * {@link JobWantedCondition} holds), then observes the Job and its pods and writes the status when it changed.
 */
@ControllerConfiguration(name = UnlearningRequestReconciler.NAME)
@Workflow(dependents = @Dependent(type = UnlearningJobDependent.class, reconcilePrecondition = JobWantedCondition.class))
// Pods are only read, to explain scheduling and failures; Events are only created.
@RBACRule(apiGroups = "", resources = "pods", verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "", resources = "events", verbs = {"create"})
public class UnlearningRequestReconciler implements Reconciler<UnlearningRequest> {

  public static final String NAME = "unlearningrequest";
  /** MDC key naming the request (namespace/name) in every log line of a reconcile. */
  public static final String LOG_REQUEST_KEY = "request";
  private static final Logger LOG = Logger.getLogger(UnlearningRequestReconciler.class);
  static final String POD_EVENT_SOURCE = "worker-pods";

  @Inject
  RequestEvents events;

  @Inject
  UnlearningMetrics metrics;

  @Inject
  ReadReporter readReporter;

  @Override
  public List<EventSource<?, UnlearningRequest>> prepareEventSources(EventSourceContext<UnlearningRequest> context) {
    // Worker pods are owned by the Job, not the request: they map back through the annotation the Job template sets.
    var pods = InformerEventSourceConfiguration.from(Pod.class, UnlearningRequest.class)
        .withName(POD_EVENT_SOURCE)
        .withNamespacesInheritedFromController()
        .withLabelSelector(WorkerLabels.MANAGED_BY + "=" + WorkerLabels.MANAGED_BY_VALUE
            + "," + WorkerLabels.NAME + "=" + WorkerLabels.NAME_VALUE)
        .withSecondaryToPrimaryMapper(UnlearningRequestReconciler::requestOf)
        .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  static Set<ResourceID> requestOf(Pod pod) {
    var annotations = pod.getMetadata().getAnnotations();
    String name = annotations == null ? null : annotations.get(WorkerLabels.REQUEST_ANNOTATION);
    return name == null ? Set.of() : Set.of(new ResourceID(name, pod.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<UnlearningRequest> reconcile(UnlearningRequest request, Context<UnlearningRequest> context) {
    String ns = request.getMetadata().getNamespace();
    String name = request.getMetadata().getName();
    // Every log line of this reconcile names the request (a field of the JSON logs).
    MDC.put(LOG_REQUEST_KEY, ns + "/" + name);
    try {
      ReadReport read = RequestProblems.report(request, context);
      if (!read.readable()) {
        readReporter.unreadable(request, read);
        return UpdateControl.noUpdate();
      }
      readReporter.unknownFields(request, read);
      WorkerObservation observation = observe(request, context);
      List<SpecValidationException> problems = RequestProblems.of(request, read,
          observation.job().isPresent() || LostJob.hadJob(request.getStatus()));
      UnlearningRequestStatus previous = request.getStatus();
      UnlearningRequestStatus next = StatusMapper.map(request, problems, observation, Instant.now());
      recordMetrics(ns, name, next, context);
      if (!StatusChange.changed(previous, next)) {
        return UpdateControl.noUpdate();
      }
      LOG.infof("%s/%s: phase %s -> %s%s", ns, name, previous == null ? "none" : previous.getPhase(), next.getPhase(),
          next.getMessage() == null ? "" : ": " + next.getMessage());
      recordTransition(request, previous, next, problems);
      request.setStatus(next);
      return UpdateControl.patchStatus(request);
    } finally {
      MDC.remove(LOG_REQUEST_KEY);
    }
  }

  private void recordMetrics(String ns, String name, UnlearningRequestStatus next, Context<UnlearningRequest> context) {
    metrics.phaseObserved(ns, name, next.getPhase());
    if (next.getPhase() == Phase.Succeeded && next.getResults() != null) {
      metrics.resultRecorded(ns, name, next.getResults());
    }
    // No finalizer, so no delete hook: requests gone from the cache are dropped from the metrics here.
    metrics.retainOnly(context.getPrimaryCache().list()
        .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .collect(Collectors.toSet()));
    readReporter.retainOnly(context.getPrimaryCache().list().map(r -> r.getMetadata().getUid())
        .collect(Collectors.toSet()));
  }

  // Read-only: the Job (from the dependent's informer) and its pods (from the pod informer).
  private static WorkerObservation observe(UnlearningRequest request, Context<UnlearningRequest> context) {
    String jobName = WorkerLabels.jobName(request.getMetadata().getName());
    Optional<Job> job = context.getSecondaryResources(Job.class).stream()
        .filter(j -> jobName.equals(j.getMetadata().getName()))
        .findFirst();
    return WorkerObservation.of(jobName, job, List.copyOf(context.getSecondaryResources(Pod.class)));
  }

  private void recordTransition(UnlearningRequest request, UnlearningRequestStatus previous,
      UnlearningRequestStatus next, List<SpecValidationException> problems) {
    Phase before = previous == null ? null : previous.getPhase();
    if (next.getPhase() == before) {
      return;
    }
    if (next.getPhase() == Phase.Succeeded) {
      events.normal(request, RequestEvents.SUCCEEDED, next.getMessage());
    } else if (next.getPhase() == Phase.Failed) {
      events.warning(request, problems.isEmpty() ? RequestEvents.FAILED : StatusMapper.rejectionReason(problems),
          next.getMessage());
    }
  }
}
