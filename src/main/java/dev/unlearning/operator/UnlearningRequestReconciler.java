package dev.unlearning.operator;

import dev.unlearning.api.Phase;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.ReadReport;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import dev.unlearning.operator.metrics.UnlearningMetrics;
import dev.unlearning.operator.reading.ReadReporter;
import dev.unlearning.operator.reading.RequestProblems;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import java.time.Duration;
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
public class UnlearningRequestReconciler implements Reconciler<UnlearningRequest> {

  public static final String NAME = "unlearningrequest";
  /** MDC key naming the request (namespace/name) in every log line of a reconcile. */
  public static final String LOG_REQUEST_KEY = "request";
  private static final Logger LOG = Logger.getLogger(UnlearningRequestReconciler.class);
  static final String POD_EVENT_SOURCE = "worker-pods";
  /** A Job that cannot start is deleted by the reconcile after the one that stored the failure. */
  private static final Duration JOB_DELETION_DELAY = Duration.ofMillis(200);

  @Inject
  RequestEvents events;

  @Inject
  UnlearningMetrics metrics;

  @Inject
  ReadReporter readReporter;

  @Inject
  PendingCauses pendingCauses;

  @Inject
  JobSuspension suspension;

  @Inject
  KubernetesClient client;

  @Inject
  SharedOutputs sharedOutputs;

  @Inject
  ProgressReader progress;

  /** How often a waiting request is looked at without an event: its base interval. */
  @Inject
  ReadBudget budget;

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
      Instant now = Instant.now();
      if (!StatusMapper.isFinished(previous)) {
        observation.job().ifPresent(job -> suspension.sync(request, job));
        observation = observation.withPendingCause(pendingCauses.of(observation, now));
      }
      UnlearningRequestStatus next = StatusMapper.map(request, problems, observation, now);
      sharedOutputs.mark(request, previous, next, context.getPrimaryCache().list(), now);
      WorkerObservation observed = observation;
      // A finished Job whose pods the cache does not show yet: no progress to read, a look again when they are due.
      Optional<Duration> podsLag = observed.job().flatMap(j -> FinishedJobEvidence.awaited(j, observed, now));
      Optional<Duration> progressLook = podsLag.isPresent() ? Optional.empty()
          : readProgress(request, observation, next, now, context);
      // Only once the failure is stored: a Job gone before that would read as lost (JobLost).
      if (previous != null && StartDeadline.endsTheJob(previous)) {
        observation.job().ifPresent(this::deleteJob);
      }
      recordMetrics(ns, name, next, context);
      UpdateControl<UnlearningRequest> control = UpdateControl.noUpdate();
      if (StatusChange.changed(previous, next)) {
        LOG.infof("%s/%s: phase %s -> %s%s", ns, name, previous == null ? "none" : previous.getPhase(),
            next.getPhase(), next.getMessage() == null ? "" : ": " + next.getMessage());
        recordTransition(request, previous, next, problems);
        request.setStatus(next);
        control = UpdateControl.patchStatus(request);
      }
      podsLag.map(d -> d.plusMillis(100)).or(() -> nextLook(request, observed, next, now)).or(() -> progressLook)
          .ifPresent(control::rescheduleAfter);
      return control;
    } finally {
      MDC.remove(LOG_REQUEST_KEY);
    }
  }

  /**
   * When to look again without an event: a waiting Job is re-read every progress interval (its FailedCreate events and
   * Kueue's Workload trigger nothing), and at the start deadline; a Job that cannot start, to delete it. A running
   * one is looked at when its progress is due ({@link ProgressReader}).
   */
  private Optional<Duration> nextLook(UnlearningRequest request, WorkerObservation observation,
      UnlearningRequestStatus next, Instant now) {
    if (observation.job().isPresent() && StartDeadline.endsTheJob(next)) {
      return Optional.of(JOB_DELETION_DELAY);
    }
    if (next.getPhase() != Phase.Pending || observation.job().isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> deadline = StartDeadline.remaining(request.getSpec().getJob(), observation, next, now)
        .map(d -> d.plusMillis(100));
    Duration interval = budget.base();
    return Optional.of(deadline.filter(d -> d.compareTo(interval) < 0).orElse(interval));
  }

  /** While Running: the worker's progress into {@code next}, and when to read it again. */
  private Optional<Duration> readProgress(UnlearningRequest request, WorkerObservation observation,
      UnlearningRequestStatus next, Instant now, Context<UnlearningRequest> context) {
    if (!progress.enabled() || next.getPhase() != Phase.Running || observation.newestPod().isEmpty()) {
      return Optional.empty();
    }
    Duration interval = progress.interval(context.getPrimaryCache().list());
    progress.next(request, observation.newestPod().get(), now, interval).ifPresent(next::setProgress);
    return Optional.of(interval);
  }

  private void deleteJob(Job job) {
    try {
      client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      LOG.infof("deleted Job %s/%s of a run that could not start", job.getMetadata().getNamespace(),
          job.getMetadata().getName());
    } catch (KubernetesClientException e) {
      // Retried with the next reconcile: the failed status keeps asking for the deletion.
      LOG.warnf("could not delete Job %s/%s: %s", job.getMetadata().getNamespace(), job.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** JOSDK's error status handling: a refused Job creation is reported on the request while JOSDK retries. */
  @Override
  public ErrorStatusUpdateControl<UnlearningRequest> updateErrorStatus(UnlearningRequest request,
      Context<UnlearningRequest> context, Exception e) {
    Optional<JobCreateFailure.Refused> refused = JobCreateFailure.find(e);
    if (refused.isEmpty()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0) + 1;
    boolean last = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    UnlearningRequestStatus previous = request.getStatus();
    UnlearningRequestStatus next = JobCreateFailure.status(request, refused.get(), attempt, last, Instant.now());
    LOG.warnf("%s/%s: %s", request.getMetadata().getNamespace(), request.getMetadata().getName(), next.getMessage());
    recordTransition(request, previous, next, List.of());
    request.setStatus(next);
    ErrorStatusUpdateControl<UnlearningRequest> control = ErrorStatusUpdateControl.patchStatus(request);
    return last ? control.withNoRetry() : control;
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
    if (StatusMapper.isFinished(next) && next.getEvidence() != null) {
      events.verdict(request, next.getEvidence());
    }
  }
}
