package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.SpecValidator;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped sample must stay valid and keep mirroring the original experiment. */
class SampleRequestsTest {

  @Test
  void embeddedDefaultIsValidAndMirrorsTheNotebook() {
    UnlearningRequest r = RequestFiles.readRequest(Path.of("k8s/unlearn-local.yaml"));
    UnlearningRequestSpec s = r.getSpec();
    assertThat(SpecValidator.problems(s)).isEmpty();
    assertThat(s.getForget().getFraction()).isEqualTo(0.1);
    assertThat(s.effectiveNoiseStd()).isEqualTo(0.6);
    assertThat(s.effectiveClassWeights(10)).containsExactly(1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    assertThat(s.effectiveEpochs()).isEqualTo(5);
    assertThat(s.effectiveMomentum()).isEqualTo(0.9);
    assertThat(s.effectiveWeightDecay()).isEqualTo(5e-4);
    assertThat(Files.isDirectory(Path.of(s.getDataset().getUri()))).isTrue();
  }
}
