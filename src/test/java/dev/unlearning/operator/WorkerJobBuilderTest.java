package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerJobBuilderTest {

  private final WorkerJobBuilder builder = new WorkerJobBuilder(TestRequests.CONFIG);

  @Test
  void defaultJobRunsTheWorkerWithOneGpuAndTheSpecAsJson() throws Exception {
    UnlearningRequest request = TestRequests.valid("fmnist");
    Job job = builder.build(request);

    assertThat(job.getMetadata().getName()).isEqualTo("fmnist-unlearn");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(job.getMetadata().getLabels()).containsEntry(WorkerLabels.MANAGED_BY, "unlearning-operator")
        .containsEntry(WorkerLabels.NAME, "unlearning-worker").containsEntry(WorkerLabels.REQUEST, "fmnist")
        .doesNotContainKey(WorkerLabels.KUEUE_QUEUE);
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getController()).isTrue();
      assertThat(o.getKind()).isEqualTo("UnlearningRequest");
      assertThat(o.getApiVersion()).isEqualTo("unlearning.dev/v1alpha1");
      assertThat(o.getUid()).isEqualTo("uid-fmnist");
    });
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).as("kept until the request goes").isNull();
    assertThat(job.getSpec().getSuspend()).isNull();

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(WorkerLabels.REQUEST_ANNOTATION, "fmnist");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    Container worker = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(worker.getName()).isEqualTo(WorkerContract.CONTAINER);
    assertThat(worker.getImage()).isEqualTo("registry.example/unlearning:1.0");
    assertThat(worker.getArgs()).containsExactly(WorkerContract.COMMAND);
    assertThat(worker.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(worker.getTerminationMessagePath()).isEqualTo(WorkerContract.TERMINATION_MESSAGE_PATH);
    assertThat(worker.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(worker.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(worker.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(worker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

    Map<String, String> env = worker.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env).containsEntry(WorkerContract.ENV_REQUEST_NAME, "ml/fmnist")
        .containsEntry("HOME", WorkerContract.SCRATCH_DIR);
    UnlearningRequestSpec passed = new ObjectMapper().readValue(env.get(WorkerContract.ENV_REQUEST), UnlearningRequestSpec.class);
    assertThat(passed.getForget().getFraction()).isEqualTo(0.1);
    assertThat(passed.getOutput().getUri()).isEqualTo("pvc://results/fmnist");
  }

  @Test
  void failurePolicyFailsAtOnceOnInvalidInputDivergenceAndAMissedGateAndIgnoresDisruptions() {
    List<PodFailurePolicyRule> rules = builder.build(TestRequests.valid("a")).getSpec().getPodFailurePolicy().getRules();
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
    assertThat(rules.get(0).getOnExitCodes().getContainerName()).isEqualTo(WorkerContract.CONTAINER);
    assertThat(rules.get(0).getOnExitCodes().getOperator()).isEqualTo("In");
    assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(2, 3, 4);
    assertThat(rules.get(1).getAction()).isEqualTo("Ignore");
    assertThat(rules.get(1).getOnPodConditions()).singleElement()
        .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
  }

  @Test
  void claimsAreMountedUnderThePvcMountRootAndOnlyTheOutputClaimIsWritable() {
    UnlearningRequest request = TestRequests.valid("a");
    request.getSpec().getModel().setUri("pvc://models/cnn.pt");
    request.getSpec().getForget().setFraction(null);
    request.getSpec().getForget().setIndicesFile("pvc://datasets/forget.txt");
    PodSpec pod = builder.build(request).getSpec().getTemplate().getSpec();

    Map<String, VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts().stream()
        .collect(java.util.stream.Collectors.toMap(VolumeMount::getMountPath, m -> m));
    String datasets = WorkerContract.PVC_MOUNT_ROOT + "/datasets";
    String models = WorkerContract.PVC_MOUNT_ROOT + "/models";
    String results = WorkerContract.PVC_MOUNT_ROOT + "/results";
    assertThat(mounts).containsOnlyKeys(WorkerContract.SCRATCH_DIR, datasets, models, results);
    assertThat(mounts.get(datasets).getReadOnly()).isTrue();
    assertThat(mounts.get(models).getReadOnly()).isTrue();
    assertThat(mounts.get(results).getReadOnly()).isFalse();
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(java.util.stream.Collectors.toMap(Volume::getName, v -> v));
    assertThat(volumes.get(mounts.get(WorkerContract.SCRATCH_DIR).getName()).getEmptyDir()).isNotNull();
    assertThat(volumes.get(mounts.get(results).getName()).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("results");
    assertThat(volumes.get(mounts.get(models).getName()).getPersistentVolumeClaim().getReadOnly()).isTrue();
  }

  @Test
  void theClaimOfAnEarlierRunsOutputIsMountedReadOnlyForTheNextRunOfAChain() {
    UnlearningRequest request = TestRequests.valid("b");
    request.getSpec().getModel().setArchitecture(null);
    request.getSpec().getModel().setUri(null);
    request.getSpec().getModel().setFromOutput("pvc://earlier-results/run-1");
    PodSpec pod = builder.build(request).getSpec().getTemplate().getSpec();
    Map<String, VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts().stream()
        .collect(java.util.stream.Collectors.toMap(VolumeMount::getMountPath, m -> m));
    VolumeMount earlier = mounts.get(WorkerContract.PVC_MOUNT_ROOT + "/earlier-results");
    assertThat(earlier).isNotNull();
    assertThat(earlier.getReadOnly()).isTrue();
  }

  @Test
  void jobSettingsArePassedThrough() {
    UnlearningRequest request = TestRequests.valid("a");
    JobSettings settings = new JobSettings();
    settings.setImage("my/worker:2");
    settings.setGpus(2);
    settings.setRequests(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi")));
    settings.setLimits(Map.of("memory", new Quantity("24Gi"), "nvidia.com/gpu", new Quantity("7")));
    settings.setNodeSelector(Map.of("gpu", "a100"));
    Toleration toleration = new Toleration("NoSchedule", "nvidia.com/gpu", "Exists", null, null);
    settings.setTolerations(List.of(toleration));
    settings.setPriorityClassName("batch-low");
    settings.setServiceAccountName("trainer");
    settings.setQueueName("gpu-queue");
    settings.setBackoffLimit(0);
    settings.setActiveDeadlineSeconds(3600L);
    settings.setTtlSecondsAfterFinished(600);
    request.getSpec().setJob(settings);

    Job job = builder.build(request);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().get(0);
    assertThat(worker.getImage()).isEqualTo("my/worker:2");
    assertThat(worker.getResources().getRequests()).containsOnly(
        Map.entry("cpu", new Quantity("4")), Map.entry("memory", new Quantity("16Gi")));
    assertThat(worker.getResources().getLimits()).containsOnly(
        Map.entry("memory", new Quantity("24Gi")), Map.entry("nvidia.com/gpu", new Quantity("2")));
    assertThat(pod.getNodeSelector()).containsEntry("gpu", "a100");
    assertThat(pod.getTolerations()).containsExactly(toleration);
    assertThat(pod.getPriorityClassName()).isEqualTo("batch-low");
    assertThat(pod.getServiceAccountName()).isEqualTo("trainer");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "gpu-queue");
    assertThat(job.getSpec().getSuspend()).isNull();
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
  }

  @Test
  void aRequestCreatedSuspendedGetsASuspendedJobUnlessKueueHoldsIt() {
    UnlearningRequest request = TestRequests.valid("a");
    request.getSpec().setSuspend(true);
    Job job = builder.build(request);
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job.getMetadata().getAnnotations()).containsEntry(Suspension.ANNOTATION, "true");

    JobSettings queued = new JobSettings();
    queued.setQueueName("gpu-queue");
    request.getSpec().setJob(queued);
    Job held = builder.build(request);
    assertThat(held.getSpec().getSuspend()).as("Kueue suspends it; JobSuspension deactivates its Workload").isNull();
    assertThat(held.getMetadata().getAnnotations()).isEmpty();
  }

  @Test
  void zeroGpusRequestsNoGpu() {
    UnlearningRequest request = TestRequests.valid("a");
    JobSettings settings = new JobSettings();
    settings.setGpus(0);
    request.getSpec().setJob(settings);
    Container worker = builder.build(request).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(worker.getResources().getLimits()).isNull();
    assertThat(worker.getResources().getRequests()).isNull();
  }
}
