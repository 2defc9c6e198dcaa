package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Notebook;
import dev.unlearning.api.RequestValidator;
import dev.unlearning.api.SpecValidator;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** k8s/unlearn.yaml, the sample the README applies, is a valid request that mirrors the notebook. */
class SampleRequestTest {

  @Test
  void sampleIsValidAndBuildsAJob() throws IOException {
    UnlearningRequest request;
    try (InputStream in = Files.newInputStream(Path.of("k8s", "unlearn.yaml"))) {
      request = Serialization.unmarshal(in, UnlearningRequest.class);
    }
    assertThat(SpecValidator.problems(request.getSpec())).isEmpty();
    assertThat(request.getSpec().getForget().getFraction()).isEqualTo(Notebook.FORGET_FRACTION);
    Notebook.assertMirrored(request.getSpec());

    request.getMetadata().setNamespace("ml");
    Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);
    assertThat(job.getMetadata().getName()).isEqualTo("fmnist-forget-10pct-unlearn");
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getName()).hasSize(3);
  }

  /** The gated sample is k8s/unlearn.yaml with a gate and both evidence keys, and passes every rule. */
  @Test
  void gatedSampleIsTheSampleWithAGateAndKeys() throws IOException {
    UnlearningRequest gated;
    UnlearningRequest plain;
    try (InputStream in = Files.newInputStream(Path.of("k8s", "requests", "fmnist-forget-10pct-gated.yaml"));
        InputStream p = Files.newInputStream(Path.of("k8s", "unlearn.yaml"))) {
      gated = Serialization.unmarshal(in, UnlearningRequest.class);
      plain = Serialization.unmarshal(p, UnlearningRequest.class);
    }
    assertThat(RequestValidator.problems(gated.getSpec())).isEmpty();
    assertThat(gated.getSpec().getAcceptance().getMaxForgetAboveTest()).isEqualTo(3.0);
    assertThat(gated.getSpec().getEvidence().getSigningKey().effectiveKey()).isEqualTo("cosign.key");
    Notebook.assertMirrored(gated.getSpec());
    gated.getSpec().setAcceptance(null);
    gated.getSpec().setEvidence(null);
    gated.getSpec().setOutput(plain.getSpec().getOutput());
    assertThat(Serialization.asJson(gated.getSpec())).isEqualTo(Serialization.asJson(plain.getSpec()));
  }
}
