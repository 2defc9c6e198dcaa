package dev.unlearning.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.api.WorkerExitCode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the worker Job of a request. Pure: no API calls, so it is unit-tested directly. */
public class WorkerJobBuilder {

  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  private static final String SCRATCH_VOLUME = "scratch";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerConfig config;

  public WorkerJobBuilder(WorkerConfig config) {
    this.config = config;
  }

  /** The Job for a request whose spec passed validation. */
  public Job build(UnlearningRequest request) {
    UnlearningRequestSpec spec = request.getSpec();
    JobSettings job = spec.getJob() != null ? spec.getJob() : new JobSettings();
    String name = request.getMetadata().getName();

    Map<String, String> jobLabels = new LinkedHashMap<>(WorkerLabels.forRequest(request));
    if (job.getQueueName() != null && !job.getQueueName().isBlank()) {
      // Kueue admits the Job and manages spec.suspend itself.
      jobLabels.put(WorkerLabels.KUEUE_QUEUE, job.getQueueName());
    }
    JobPassThrough.jobLabels(job, jobLabels);
    return new JobBuilder()
        .withNewMetadata()
          .withName(WorkerLabels.jobName(name))
          .withNamespace(request.getMetadata().getNamespace())
          .withLabels(jobLabels)
          .withAnnotations(suspendedAtCreation(request, job)
              ? new LinkedHashMap<>(Map.of(Suspension.ANNOTATION, "true")) : new LinkedHashMap<>())
          .withOwnerReferences(controllerReference(request))
        .endMetadata()
        .withNewSpec()
          .withSuspend(suspendedAtCreation(request, job) ? Boolean.TRUE : null)
          .withBackoffLimit(job.effectiveBackoffLimit())
          .withActiveDeadlineSeconds(job.getActiveDeadlineSeconds())
          // The request keeps its status after the TTL deletes the Job: StatusMapper never re-reads a finished one.
          .withTtlSecondsAfterFinished(job.getTtlSecondsAfterFinished())
          .withPodFailurePolicy(podFailurePolicy())
          .withNewTemplate()
            .withNewMetadata()
              .withLabels(JobPassThrough.merged(job.getPodLabels(), WorkerLabels.forRequest(request)))
              .withAnnotations(JobPassThrough.merged(job.getPodAnnotations(), Map.of(WorkerLabels.REQUEST_ANNOTATION, name)))
            .endMetadata()
            .withSpec(podSpec(request, job))
          .endTemplate()
        .endSpec()
        .build();
  }

  // spec.suspend at creation; a queued Job is left to Kueue, and JobSuspension deactivates its Workload.
  private static boolean suspendedAtCreation(UnlearningRequest request, JobSettings job) {
    return Suspension.requested(request) && (job.getQueueName() == null || job.getQueueName().isBlank());
  }

  // controller=true: Kubernetes deletes the Job and its pods with the request, and no other controller adopts it.
  private static OwnerReference controllerReference(UnlearningRequest request) {
    return new OwnerReferenceBuilder()
        .withApiVersion(UnlearningRequest.API_VERSION)
        .withKind(UnlearningRequest.KIND)
        .withName(request.getMetadata().getName())
        .withUid(request.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private PodSpec podSpec(UnlearningRequest request, JobSettings job) {
    ClaimMounts claims = ClaimMounts.of(request.getSpec());
    PodSpecBuilder pod = new PodSpecBuilder()
        .withRestartPolicy("Never")
        // Worker pods get no API rights: the result travels back through the termination message.
        .withAutomountServiceAccountToken(false)
        .withServiceAccountName(job.getServiceAccountName())
        .withPriorityClassName(job.getPriorityClassName())
        .withNodeSelector(job.getNodeSelector())
        .withTolerations(job.getTolerations())
        .withSecurityContext(WorkerSecurity.pod(job))
        .withContainers(container(request, job, claims))
        .addToVolumes(WorkerStorage.scratchVolume(SCRATCH_VOLUME, job))
        .addAllToVolumes(claims.volumes());
    JobPassThrough.pod(job, pod);
    return pod.build();
  }

  private Container container(UnlearningRequest request, JobSettings job, ClaimMounts claims) {
    String image = job.getImage() != null && !job.getImage().isBlank() ? job.getImage() : config.image().orElseGet(DefaultImages::worker);
    ContainerBuilder container = new ContainerBuilder()
        .withName(WorkerContract.CONTAINER)
        .withImage(image)
        .withImagePullPolicy(config.imagePullPolicy().orElse(null))
        .withArgs(WorkerContract.COMMAND)
        .withEnv(
            new EnvVar(WorkerContract.ENV_REQUEST, specJson(request.getSpec()), null),
            new EnvVar(WorkerContract.ENV_REQUEST_NAME,
                request.getMetadata().getNamespace() + "/" + request.getMetadata().getName(), null),
            new EnvVar(WorkerContract.ENV_REQUEST_UID, request.getMetadata().getUid(), null),
            new EnvVar(WorkerContract.ENV_REQUEST_GENERATION, generation(request), null),
            new EnvVar(WorkerContract.ENV_JOB_IMAGE, image, null),
            new EnvVar(BuildVersion.ENV_OPERATOR_VERSION, BuildVersion.current(), null),
            // Caches that default to $HOME (e.g. native libraries) must land on the writable scratch volume.
            new EnvVar("HOME", WorkerContract.SCRATCH_DIR, null))
        .addAllToEnv(WorkerEvidence.env(request.getSpec()))
        .withEnvFrom(WorkerStorage.envFrom(request.getSpec()))
        .withResources(resources(job))
        .withTerminationMessagePath(WorkerContract.TERMINATION_MESSAGE_PATH)
        // The worker's JSON when it wrote one; the log tail when it crashed before.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewSecurityContext()
          .withRunAsNonRoot(true)
          .withAllowPrivilegeEscalation(false)
          .withReadOnlyRootFilesystem(true)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .addToVolumeMounts(new VolumeMountBuilder().withName(SCRATCH_VOLUME).withMountPath(WorkerContract.SCRATCH_DIR).build())
        .addAllToVolumeMounts(claims.mounts());
    JobPassThrough.container(job, container);
    return container.build();
  }

  private static String generation(UnlearningRequest request) {
    Long generation = request.getMetadata().getGeneration();
    return generation == null ? null : generation.toString();
  }

  static ResourceRequirements resources(JobSettings job) {
    Map<String, Quantity> requests = job.getRequests() != null ? new LinkedHashMap<>(job.getRequests()) : new LinkedHashMap<>();
    Map<String, Quantity> limits = job.getLimits() != null ? new LinkedHashMap<>(job.getLimits()) : new LinkedHashMap<>();
    // spec.job.gpus is the one place GPUs are set: 0 means a CPU run, so no GPU is requested at all.
    requests.remove(GPU_RESOURCE);
    limits.remove(GPU_RESOURCE);
    int gpus = job.effectiveGpus();
    if (gpus > 0) {
      limits.put(GPU_RESOURCE, new Quantity(Integer.toString(gpus)));
    }
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(requests.isEmpty() ? null : requests);
    resources.setLimits(limits.isEmpty() ? null : limits);
    return resources;
  }

  // Retrying cannot fix invalid input, diverged training or a model that missed its gate (the same seeds give the same
  // model); a preempted or evicted pod is not the worker's fault.
  private static PodFailurePolicy podFailurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
          .withAction("FailJob")
          .withNewOnExitCodes()
            .withContainerName(WorkerContract.CONTAINER)
            .withOperator("In")
            .withValues(WorkerExitCode.INVALID_INPUT.code(), WorkerExitCode.DIVERGED.code(),
                WorkerExitCode.ACCEPTANCE_NOT_MET.code())
          .endOnExitCodes()
        .endRule()
        .addNewRule()
          .withAction("Ignore")
          .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition()
        .endRule()
        .build();
  }

  static String specJson(UnlearningRequestSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("spec cannot be written as JSON", e);
    }
  }
}
