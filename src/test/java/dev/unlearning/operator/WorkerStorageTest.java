package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.StorageSpec;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;

/** The worker pod of a request that reads from S3: the Secret as environment, a sized scratch volume. */
class WorkerStorageTest {

  private final WorkerJobBuilder builder = new WorkerJobBuilder(TestRequests.CONFIG);

  private static Volume scratch(PodSpec pod) {
    String name = pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(WorkerContract.SCRATCH_DIR)).findFirst().orElseThrow().getName();
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theSecretBecomesTheWorkersEnvironmentByNameOnly() {
    UnlearningRequest request = TestRequests.valid("s3");
    request.getSpec().getModel().setUri("s3://models/classifier.pt");
    request.getSpec().getDataset().setUri("https://data.example.com/fashion-mnist.tar.gz");
    request.getSpec().getOutput().setUri("s3://results/s3");
    request.getSpec().setStorage(new StorageSpec());
    request.getSpec().getStorage().setSecretRef(new StorageSpec.SecretRef("s3-credentials"));
    request.getSpec().setJob(new JobSettings());
    request.getSpec().getJob().setScratchSize(new Quantity("20Gi"));

    PodSpec pod = builder.build(request).getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().get(0);
    assertThat(worker.getEnvFrom()).singleElement().satisfies(e -> {
      assertThat(e.getSecretRef().getName()).isEqualTo("s3-credentials");
      assertThat(e.getSecretRef().getOptional()).isFalse();
      assertThat(e.getConfigMapRef()).isNull();
    });
    assertThat(scratch(pod).getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("20Gi"));
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    // s3:// and https:// locations need no claim: the only volume is the scratch space.
    assertThat(pod.getVolumes()).hasSize(1);
  }

  @Test
  void withoutStorageSettingsThereIsNoEnvFromAndNoSizeLimit() {
    PodSpec pod = builder.build(TestRequests.valid("plain")).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getEnvFrom()).isEmpty();
    assertThat(scratch(pod).getEmptyDir()).isNotNull();
    assertThat(scratch(pod).getEmptyDir().getSizeLimit()).isNull();
  }
}
