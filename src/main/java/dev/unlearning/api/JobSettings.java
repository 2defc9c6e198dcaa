package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
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

  public Quantity getScratchSize() { return scratchSize; }
  public void setScratchSize(Quantity scratchSize) { this.scratchSize = scratchSize; }

  public Long getStartDeadlineSeconds() { return startDeadlineSeconds; }
  public void setStartDeadlineSeconds(Long startDeadlineSeconds) { this.startDeadlineSeconds = startDeadlineSeconds; }

  public long effectiveStartDeadlineSeconds() { return startDeadlineSeconds != null ? startDeadlineSeconds : DEFAULT_START_DEADLINE_SECONDS; }
  public int effectiveGpus() { return gpus != null ? gpus : DEFAULT_GPUS; }
  public int effectiveBackoffLimit() { return backoffLimit != null ? backoffLimit : DEFAULT_BACKOFF_LIMIT; }
}
