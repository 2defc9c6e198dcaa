package dev.unlearning.operator;

import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;

/**
 * Plays the parts of the Job controller, scheduler and kubelet that the mock server lacks: creates the Job's pod
 * and moves pod and Job through their states by writing their status. Public for the operator load benchmark
 * (dev.unlearning.bench).
 */
public final class FakeJobController {

  /** The termination message of a worker that succeeded. */
  public static final String RESULTS = """
      {"outcome":"Succeeded","results":{"original":{"retain":0.99,"forget":0.985,"test":0.91},
       "unlearned":{"retain":0.95,"forget":0.42,"test":0.88},"retainSize":9000,"forgetSize":1000,"testSize":2000,
       "forgetIndicesSha256":"ab12","durationsSeconds":{"total":61.5},"device":"gpu(0)"}}""";

  private final KubernetesClient client;

  public FakeJobController(KubernetesClient client) {
    this.client = client;
  }

  public Job job(String namespace, String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** A pod from the Job's template, owned by the Job, not yet scheduled. */
  public Pod createPod(Job job, String suffix) {
    Pod pod = new PodBuilder()
        .withNewMetadataLike(job.getSpec().getTemplate().getMetadata())
          .withName(job.getMetadata().getName() + "-" + suffix)
          .withNamespace(job.getMetadata().getNamespace())
          .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
              .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .build();
    return client.resource(pod).create();
  }

  Pod unschedulable(Pod pod, String message) {
    return status(pod, new PodStatusBuilder().withPhase("Pending")
        .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").withMessage(message).build()));
  }

  Pod waiting(Pod pod, String reason, String message) {
    schedule(pod);
    return status(pod, scheduled().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
        .withName(WorkerContract.CONTAINER).withNewState().withNewWaiting(message, reason).endState().build()));
  }

  public Pod running(Pod pod) {
    schedule(pod);
    return status(pod, scheduled().withPhase("Running").withContainerStatuses(new ContainerStatusBuilder()
        .withName(WorkerContract.CONTAINER).withNewState().withNewRunning(now()).endState().build()));
  }

  public Pod terminated(Pod pod, int exitCode, String reason, String message) {
    return terminated(pod, exitCode, reason, message, null);
  }

  /** As the kubelet reports it, with the image it ran ({@code imageID}, the digest only the kubelet knows). */
  public Pod terminated(Pod pod, int exitCode, String reason, String message, String imageId) {
    ContainerStatus status = new ContainerStatusBuilder().withName(WorkerContract.CONTAINER).withImageID(imageId)
        .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason).withMessage(message)
          .withStartedAt(now()).withFinishedAt(now()).endTerminated().endState()
        .build();
    return status(pod, scheduled().withPhase(exitCode == 0 ? "Succeeded" : "Failed").withContainerStatuses(status));
  }

  public Job complete(Job job) {
    return jobStatus(job, new JobStatusBuilder().withSucceeded(1).withStartTime(now()).withCompletionTime(now())
        .addToConditions(new JobConditionBuilder().withType("Complete").withStatus("True")
            .withLastTransitionTime(now()).build()));
  }

  Job fail(Job job, int failedPods, String reason, String message) {
    return jobStatus(job, new JobStatusBuilder().withFailed(failedPods).withStartTime(now())
        .addToConditions(new JobConditionBuilder().withType("Failed").withStatus("True").withReason(reason)
            .withMessage(message).withLastTransitionTime(now()).build()));
  }

  /** The Job controller starts processing the Job: its status.startTime, the start deadline's clock. */
  Job start(Job job) {
    return jobStatus(job, new JobStatusBuilder().withStartTime(now()));
  }

  /** What the Job controller does with a suspended Job: deletes its pods and says so in a condition. */
  Job stopPods(Job job) {
    client.pods().inNamespace(job.getMetadata().getNamespace())
        .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName()).delete();
    return jobStatus(job, new JobStatusBuilder().addToConditions(new JobConditionBuilder().withType("Suspended")
        .withStatus("True").withReason("JobSuspended").withLastTransitionTime(now()).build()));
  }

  /** What Kueue does to a Job of its queue until it admits it. */
  Job suspend(Job job) {
    Job current = client.resource(job).get();
    current.getSpec().setSuspend(true);
    return client.resource(current).update();
  }

  /** The Job controller's event when the API server refuses the Job's pod (quota, LimitRange, Pod Security). */
  Event failedCreate(Job job, String message) {
    return client.v1().events().inNamespace(job.getMetadata().getNamespace()).resource(new EventBuilder()
        .withNewMetadata().withName(job.getMetadata().getName() + ".fc").endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
            .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
            .withUid(job.getMetadata().getUid()).build())
        .withType("Warning").withReason("FailedCreate").withMessage(message).withLastTimestamp(now())
        .build()).create();
  }

  private void schedule(Pod pod) {
    Pod current = client.resource(pod).get();
    current.getSpec().setNodeName("gpu-node-1");
    client.resource(current).update();
  }

  private static PodStatusBuilder scheduled() {
    return new PodStatusBuilder().withConditions(new PodConditionBuilder().withType("PodScheduled")
        .withStatus("True").build());
  }

  private Pod status(Pod pod, PodStatusBuilder status) {
    Pod current = client.resource(pod).get();
    current.setStatus(status.build());
    return client.resource(current).updateStatus();
  }

  private Job jobStatus(Job job, JobStatusBuilder status) {
    Job current = client.resource(job).get();
    current.setStatus(status.build());
    return client.resource(current).updateStatus();
  }

  private static String now() {
    return Instant.now().toString();
  }
}
