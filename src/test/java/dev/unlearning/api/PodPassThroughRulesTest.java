package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** spec.job may not take over the operator's, the Job controller's or Argo CD's names; each refusal names the field. */
class PodPassThroughRulesTest {

  private static List<String> problems(Consumer<JobSettings> change) {
    JobSettings job = new JobSettings();
    change.accept(job);
    List<SpecValidationException> out = new ArrayList<>();
    PodPassThroughRules.check(job, out);
    return out.stream().map(Throwable::getMessage).toList();
  }

  @Test
  void reservedLabelsAndAnnotations() {
    assertThat(problems(j -> j.setPodLabels(Map.of("app.kubernetes.io/instance", "x")))).containsExactly(
        "spec.job.podLabels: app.kubernetes.io/instance is reserved (the operator's, the Job controller's or Argo CD's)");
    assertThat(problems(j -> j.setPodAnnotations(Map.of("unlearning.dev/request-name", "x")))).singleElement()
        .asString().startsWith("spec.job.podAnnotations: unlearning.dev/request-name is reserved");
    assertThat(problems(j -> j.setPodLabels(Map.of("team", "ml")))).isEmpty();
  }

  @Test
  void theOperatorsEnvironmentVariables() {
    assertThat(problems(j -> j.setEnv(List.of(new EnvVar("UNLEARNING_REQUEST", "{}", null)))))
        .containsExactly("spec.job.env: UNLEARNING_REQUEST is set by the operator");
    assertThat(problems(j -> j.setEnv(List.of(new EnvVar("OMP_NUM_THREADS", "4", null))))).isEmpty();
  }

  @Test
  void volumesAndMounts() {
    assertThat(problems(j -> j.setVolumes(List.of(new VolumeBuilder().withName("claim-0").build()))))
        .containsExactly("spec.job.volumes: volume name 'claim-0' is missing or the operator's (scratch, dshm, claim-*)");
    assertThat(problems(j -> j.setVolumeMounts(List.of(new VolumeMountBuilder().withName("x").withMountPath("/x").build()))))
        .containsExactly("spec.job.volumeMounts: mount of 'x' names no volume of spec.job.volumes");
    for (String path : List.of("/tmp", "/tmp/a", "/dev/shm", "/mnt/pvc/results", "/mnt", "/dev/termination-log")) {
      assertThat(problems(j -> {
        j.setVolumes(List.of(new VolumeBuilder().withName("x").build()));
        j.setVolumeMounts(List.of(new VolumeMountBuilder().withName("x").withMountPath(path).build()));
      })).as(path).singleElement().asString().startsWith("spec.job.volumeMounts: mountPath '" + path + "' is the operator's");
    }
  }

  @Test
  void shmSize() {
    assertThat(problems(j -> j.setShmSize(new Quantity("0")))).singleElement().asString().startsWith("spec.job.shmSize");
    assertThat(problems(j -> j.setShmSize(new Quantity("2Gi")))).isEmpty();
  }
}
