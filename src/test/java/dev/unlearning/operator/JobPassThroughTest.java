package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.PodPassThroughRules;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each spec.job pass-through field, in the Job it produces; the operator's own names always win. */
class JobPassThroughTest {

  private final UnlearningRequest request = TestRequests.valid("fmnist");
  private final JobSettings settings = new JobSettings();

  JobPassThroughTest() {
    request.getSpec().setJob(settings);
  }

  private Job job() {
    return new WorkerJobBuilder(TestRequests.CONFIG).build(request);
  }

  private PodSpec pod() {
    return job().getSpec().getTemplate().getSpec();
  }

  private Container worker() {
    return pod().getContainers().get(0);
  }

  @Test
  void imagePullSecretsAffinityAndSpread() {
    settings.setImagePullSecrets(List.of(new LocalObjectReference("registry-creds")));
    settings.setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("gpu").withOperator("In").withValues("a100")
        .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().build());
    settings.setTopologySpreadConstraints(List.of(new TopologySpreadConstraintBuilder().withMaxSkew(1)
        .withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("ScheduleAnyway").build()));
    PodSpec pod = pod();
    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("registry-creds");
    assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("a100");
    assertThat(pod.getTopologySpreadConstraints()).singleElement()
        .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
  }

  @Test
  void podLabelsAndAnnotationsNeverReplaceTheOperatorsOwn() {
    settings.setPodLabels(Map.of("team", "ml", "unlearning.dev/request", "other"));
    settings.setPodAnnotations(Map.of("sidecar.istio.io/inject", "false", "unlearning.dev/request-name", "other"));
    Job job = job();
    Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(labels).containsEntry("team", "ml").containsEntry(WorkerLabels.REQUEST, "fmnist")
        .containsEntry(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE);
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("sidecar.istio.io/inject", "false").containsEntry(WorkerLabels.REQUEST_ANNOTATION, "fmnist");
    assertThat(job.getMetadata().getLabels()).as("pod labels stay on the pod").doesNotContainKey("team");
    // The validator names what the builder refuses to let through, and covers every label the operator sets.
    assertThat(PodPassThroughRules.RESERVED_LABELS).containsAll(WorkerLabels.forRequest(request).keySet());
    assertThat(PodPassThroughRules.RESERVED_ANNOTATIONS).contains(WorkerLabels.REQUEST_ANNOTATION);
  }

  @Test
  void envAndEnvFromComeAfterTheOperatorsVariables() {
    settings.setEnv(List.of(new EnvVarBuilder().withName("HF_TOKEN").withNewValueFrom().withNewSecretKeyRef("token",
        "hf", false).endValueFrom().build(), new EnvVar("OMP_NUM_THREADS", "4", null)));
    settings.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewConfigMapRef("tuning", false).build()));
    Container worker = worker();
    assertThat(worker.getEnv()).extracting(EnvVar::getName)
        .endsWith("HF_TOKEN", "OMP_NUM_THREADS")
        .containsAll(PodPassThroughRules.RESERVED_ENV);
    assertThat(worker.getEnv().get(worker.getEnv().size() - 2).getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf");
    assertThat(worker.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("tuning"));
  }

  @Test
  void extraVolumesAndAMemoryBackedShm() {
    settings.setVolumes(List.of(new VolumeBuilder().withName("cache").withNewEmptyDir().endEmptyDir().build()));
    settings.setVolumeMounts(List.of(new VolumeMountBuilder().withName("cache").withMountPath("/cache").build()));
    settings.setShmSize(new Quantity("2Gi"));
    PodSpec pod = pod();
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(volumes).containsKeys("scratch", "cache", "dshm");
    assertThat(volumes.get("dshm").getEmptyDir().getMedium()).isEqualTo("Memory");
    assertThat(volumes.get("dshm").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("2Gi"));
    Map<String, String> mounts = pod.getContainers().get(0).getVolumeMounts().stream()
        .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    assertThat(mounts).containsEntry("/cache", "cache").containsEntry("/dev/shm", "dshm").containsEntry("/tmp", "scratch");
  }

  @Test
  void priorityClassBecomesKueuesWorkloadPriorityLabelOnTheJob() {
    settings.setPriorityClass("high");
    settings.setQueueName("gpu-queue");
    Job job = job();
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/priority-class", "high")
        .containsEntry(WorkerLabels.KUEUE_QUEUE, "gpu-queue");
    assertThat(job.getSpec().getTemplate().getSpec().getPriorityClassName()).as("not the pod's PriorityClass").isNull();
  }

  @Test
  void nothingSetAddsNothing() {
    PodSpec pod = pod();
    assertThat(pod.getImagePullSecrets()).isEmpty();
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("dshm");
    assertThat(job().getMetadata().getLabels()).doesNotContainKey("kueue.x-k8s.io/priority-class");
  }
}
