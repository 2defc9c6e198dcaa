package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.SpecValidator;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** spec.job may run the worker as another user, group and fsGroup, for an image built with another user. */
class WorkerSecurityTest {

  private final UnlearningRequest request = TestRequests.valid("r");

  private PodSecurityContext pod() {
    return new WorkerJobBuilder(TestRequests.CONFIG).build(request).getSpec().getTemplate().getSpec().getSecurityContext();
  }

  private JobSettings job() {
    JobSettings job = new JobSettings();
    request.getSpec().setJob(job);
    return job;
  }

  @Test
  void userAndGroupOverrideTheImagesAndFsGroupFollowsTheGroup() {
    job().setRunAsUser(1000L);
    request.getSpec().getJob().setRunAsGroup(2000L);
    PodSecurityContext pod = pod();
    assertThat(pod.getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getRunAsGroup()).isEqualTo(2000L);
    assertThat(pod.getFsGroup()).as("the worker's group owns the claims").isEqualTo(2000L);
    assertThat(pod.getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    assertThat(pod.getRunAsNonRoot()).isTrue();
  }

  @Test
  void eachIdOverridesAlone() {
    job().setFsGroup(3000L);
    PodSecurityContext pod = pod();
    assertThat(pod.getFsGroup()).isEqualTo(3000L);
    assertThat(pod.getRunAsUser()).isEqualTo(DefaultImages.workerUid());
    assertThat(pod.getRunAsGroup()).isEqualTo(DefaultImages.workerUid());

    job().setRunAsUser(1000L);
    assertThat(pod().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod().getRunAsGroup()).isEqualTo(DefaultImages.workerUid());
    assertThat(pod().getFsGroup()).isEqualTo(DefaultImages.workerUid());
  }

  @Test
  void idsAreCheckedAsKubernetesChecksThem() {
    JobSettings job = job();
    job.setRunAsUser(0L);
    job.setRunAsGroup(-1L);
    job.setFsGroup(2147483648L);
    assertThat(SpecValidator.problems(request.getSpec())).extracting(SpecValidationException::getMessage).containsExactly(
        "spec.job.runAsUser: must be between 1 and 2147483647 (the worker never runs as root) (got 0)",
        "spec.job.runAsGroup: must be between 0 and 2147483647 (got -1)",
        "spec.job.fsGroup: must be between 0 and 2147483647 (got 2147483648)");
    job.setRunAsUser(2147483647L);
    job.setRunAsGroup(0L);
    job.setFsGroup(0L);
    assertThat(SpecValidator.problems(request.getSpec())).isEmpty();
  }

  @Test
  void theCrdDescribesAndBoundsTheIds() throws Exception {
    JsonNode job = new YAMLMapper().readTree(Path.of("crds/unlearningrequests.unlearning.dev-v1.yml").toFile())
        .path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
        .path("properties").path("spec").path("properties").path("job").path("properties");
    assertThat(job.path("runAsUser").path("minimum").asDouble()).isEqualTo(1.0);
    for (String id : new String[] {"runAsUser", "runAsGroup", "fsGroup"}) {
      assertThat(job.path(id).path("type").asText()).as(id).isEqualTo("integer");
      assertThat(job.path(id).path("maximum").asDouble()).as(id).isEqualTo(2147483647.0);
      assertThat(job.path(id).path("description").asText()).as(id).isNotBlank();
    }
    assertThat(job.path("fsGroup").path("description").asText()).contains("OnRootMismatch");
    assertThat(job.path("runAsGroup").path("minimum").asDouble()).isZero();
  }
}
