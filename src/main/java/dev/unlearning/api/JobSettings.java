package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/** How the worker Job is scheduled in Kubernetes. Local runs ignore all of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSettings {

  public static final int DEFAULT_GPUS = 1;
  public static final int DEFAULT_BACKOFF_LIMIT = 2;
  public static final long DEFAULT_START_DEADLINE_SECONDS = 900;

  @JsonPropertyDescription("Worker container image. Default: the operator's configured worker image.")
  private String image;

  @JsonPropertyDescription("Number of nvidia.com/gpu to request and limit. Default 1; 0 runs on CPU. With more than 1 the worker trains and evaluates data-parallel on all of them (DJL multi-device training; a TorchScript model as one copy per GPU); a machine with fewer runs on those it has, with a warning.")
  @Min(0)
  private Integer gpus;

  @JsonPropertyDescription("CPU and memory requests of the worker container, e.g. {cpu: '4', memory: 16Gi}.")
  private Map<String, Quantity> requests;

  @JsonPropertyDescription("CPU and memory limits of the worker container, e.g. {memory: 24Gi}.")
  private Map<String, Quantity> limits;

  @JsonPropertyDescription("Node labels the worker pod must run on.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the worker pod, e.g. for tainted GPU nodes.")
  @Size(max = 64)
  private List<Toleration> tolerations;

  @JsonPropertyDescription("PriorityClass of the worker pod.")
  private String priorityClassName;

  @JsonPropertyDescription("ServiceAccount the worker pod runs as (its API token is never mounted).")
  private String serviceAccountName;

  @JsonPropertyDescription("User id the worker runs as (the pod's runAsUser), for a worker image built with another user. Default: the user of the worker image this project builds (WORKER_UID in src/main/docker/images.env). Must not be 0: the worker never runs as root.")
  @Min(1)
  @Max(WorkerIds.MAX_ID)
  private Long runAsUser;

  @JsonPropertyDescription("Group id the worker runs as (the pod's runAsGroup). Default: the group of the worker image this project builds (the same id as its user).")
  @Min(0)
  @Max(WorkerIds.MAX_ID)
  private Long runAsGroup;

  @JsonPropertyDescription("The pod's fsGroup: Kubernetes makes volumes that support it (most block storage) group-owned and group-writable by this id before the worker starts, only when the volume's root does not match already (fsGroupChangePolicy OnRootMismatch), so an empty claim is writable and a large dataset is not re-chowned on every start. Default: the worker's group (runAsGroup).")
  @Min(0)
  @Max(WorkerIds.MAX_ID)
  private Long fsGroup;

  @JsonPropertyDescription("Kueue LocalQueue to submit the Job to (sets the kueue.x-k8s.io/queue-name label; Kueue manages suspension).")
  private String queueName;

  @JsonPropertyDescription("Retries of a failed worker pod for unexpected errors. Default 2. Invalid input and diverged training fail at once.")
  @Min(0)
  private Integer backoffLimit;

  @JsonPropertyDescription("Maximum run time of the Job in seconds; the Job fails with DeadlineExceeded after it.")
  @Min(1)
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription("Seconds after the Job finished before Kubernetes deletes it and its pods (the Job's ttlSecondsAfterFinished). The request keeps its status and results. Default: the Job is kept until the request is deleted.")
  @Min(0)
  private Integer ttlSecondsAfterFinished;

  @JsonPropertyDescription("Seconds the worker may take to start running, counted from when the Job starts (time held suspended by Kueue does not count). A worker still not running then (image pull errors, unschedulable, pod creation refused) fails the request with reason StartTimeout and its Job is deleted, so it holds no quota or GPU. Default 900.")
  @Min(1)
  private Long startDeadlineSeconds;

  // Pass-through for real clusters (JobPassThrough in the operator applies them, PodPassThroughRules checks them).
  @JsonPropertyDescription("Secrets for pulling the worker image from a private registry.")
  @Size(max = 16)
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("Node and pod (anti-)affinity of the worker pod.")
  private Affinity affinity;

  @JsonPropertyDescription("How the worker pod is spread across zones or nodes.")
  @Size(max = 8)
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @JsonPropertyDescription("Extra labels of the worker pod. They never replace the operator's labels (app.kubernetes.io/managed-by, app.kubernetes.io/name, unlearning.dev/request) nor Argo CD's tracking label (app.kubernetes.io/instance).")
  @Size(max = 32)
  private Map<String, String> podLabels;

  @JsonPropertyDescription("Extra annotations of the worker pod, e.g. for a service mesh or a log collector. They never replace unlearning.dev/request-name nor Argo CD's tracking annotation.")
  @Size(max = 32)
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription("Extra environment variables of the worker container (values, or references to Secrets and ConfigMaps). UNLEARNING_REQUEST, UNLEARNING_REQUEST_NAME and HOME are the operator's.")
  @Size(max = 64)
  private List<EnvVar> env;

  @JsonPropertyDescription("Secrets and ConfigMaps whose keys become environment variables of the worker container.")
  @Size(max = 16)
  private List<EnvFromSource> envFrom;

  @JsonPropertyDescription("Extra volumes of the worker pod, mounted with volumeMounts.")
  @Size(max = 16)
  private List<Volume> volumes;

  @JsonPropertyDescription("Where the extra volumes are mounted in the worker container; /tmp, /dev/shm, /dev/termination-log and /mnt/pvc are the operator's.")
  @Size(max = 16)
  private List<VolumeMount> volumeMounts;

  @JsonPropertyDescription("Size of a memory-backed /dev/shm for the worker (e.g. 2Gi; counts against the memory limit). Default: the container runtime's 64Mi.")
  private Quantity shmSize;

  @JsonPropertyDescription("Kueue WorkloadPriorityClass of the Job (the kueue.x-k8s.io/priority-class label); unlike priorityClassName it orders Kueue's queue without pod preemption.")
  private String priorityClass;
  @JsonPropertyDescription("Size limit of the worker's scratch space (an emptyDir at /tmp; the root filesystem is read-only), which holds s3:// and https:// downloads (an archive and its unpacked files at once) and the output before it is uploaded, e.g. 20Gi. A download that does not fit fails the run with exit code 2. Default: no limit beyond the node's free ephemeral storage.")
  private Quantity scratchSize;

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public Integer getGpus() { return gpus; }
  public void setGpus(Integer gpus) { this.gpus = gpus; }
  public Map<String, Quantity> getRequests() { return requests; }
  public void setRequests(Map<String, Quantity> requests) { this.requests = requests; }
  public Map<String, Quantity> getLimits() { return limits; }
  public void setLimits(Map<String, Quantity> limits) { this.limits = limits; }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
  public List<Toleration> getTolerations() { return tolerations; }
  public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
  public String getPriorityClassName() { return priorityClassName; }
  public void setPriorityClassName(String priorityClassName) { this.priorityClassName = priorityClassName; }
  public String getServiceAccountName() { return serviceAccountName; }
  public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
  public Long getRunAsUser() { return runAsUser; }
  public void setRunAsUser(Long runAsUser) { this.runAsUser = runAsUser; }
  public Long getRunAsGroup() { return runAsGroup; }
  public void setRunAsGroup(Long runAsGroup) { this.runAsGroup = runAsGroup; }
  public Long getFsGroup() { return fsGroup; }
  public void setFsGroup(Long fsGroup) { this.fsGroup = fsGroup; }
  public String getQueueName() { return queueName; }
  public void setQueueName(String queueName) { this.queueName = queueName; }
  public Integer getBackoffLimit() { return backoffLimit; }
  public void setBackoffLimit(Integer backoffLimit) { this.backoffLimit = backoffLimit; }
  public Long getActiveDeadlineSeconds() { return activeDeadlineSeconds; }
  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) { this.activeDeadlineSeconds = activeDeadlineSeconds; }

  public Integer getTtlSecondsAfterFinished() { return ttlSecondsAfterFinished; }
  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) { this.ttlSecondsAfterFinished = ttlSecondsAfterFinished; }

  public List<LocalObjectReference> getImagePullSecrets() { return imagePullSecrets; }
  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) { this.imagePullSecrets = imagePullSecrets; }
  public Affinity getAffinity() { return affinity; }
  public void setAffinity(Affinity affinity) { this.affinity = affinity; }
  public List<TopologySpreadConstraint> getTopologySpreadConstraints() { return topologySpreadConstraints; }
  public void setTopologySpreadConstraints(List<TopologySpreadConstraint> c) { this.topologySpreadConstraints = c; }
  public Map<String, String> getPodLabels() { return podLabels; }
  public void setPodLabels(Map<String, String> podLabels) { this.podLabels = podLabels; }
  public Map<String, String> getPodAnnotations() { return podAnnotations; }
  public void setPodAnnotations(Map<String, String> podAnnotations) { this.podAnnotations = podAnnotations; }
  public List<EnvVar> getEnv() { return env; }
  public void setEnv(List<EnvVar> env) { this.env = env; }
  public List<EnvFromSource> getEnvFrom() { return envFrom; }
  public void setEnvFrom(List<EnvFromSource> envFrom) { this.envFrom = envFrom; }
  public List<Volume> getVolumes() { return volumes; }
  public void setVolumes(List<Volume> volumes) { this.volumes = volumes; }
  public List<VolumeMount> getVolumeMounts() { return volumeMounts; }
  public void setVolumeMounts(List<VolumeMount> volumeMounts) { this.volumeMounts = volumeMounts; }
  public Quantity getShmSize() { return shmSize; }
  public void setShmSize(Quantity shmSize) { this.shmSize = shmSize; }
  public String getPriorityClass() { return priorityClass; }
  public void setPriorityClass(String priorityClass) { this.priorityClass = priorityClass; }
  public Quantity getScratchSize() { return scratchSize; }
  public void setScratchSize(Quantity scratchSize) { this.scratchSize = scratchSize; }

  public Long getStartDeadlineSeconds() { return startDeadlineSeconds; }
  public void setStartDeadlineSeconds(Long startDeadlineSeconds) { this.startDeadlineSeconds = startDeadlineSeconds; }

  public long effectiveStartDeadlineSeconds() { return startDeadlineSeconds != null ? startDeadlineSeconds : DEFAULT_START_DEADLINE_SECONDS; }
  public int effectiveGpus() { return gpus != null ? gpus : DEFAULT_GPUS; }
  public int effectiveBackoffLimit() { return backoffLimit != null ? backoffLimit : DEFAULT_BACKOFF_LIMIT; }
}
