package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Notebook;
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
    assertThat(s.getForget().getFraction()).isEqualTo(Notebook.FORGET_FRACTION);
    Notebook.assertMirrored(s);
    assertThat(Files.isDirectory(Path.of(s.getDataset().getUri()))).isTrue();
  }

  @Test
  void recommendedSettingSampleIsValidAndIsTheBenchmarksChoice() throws Exception {
    UnlearningRequestSpec s = RequestFiles.readRequest(Path.of("k8s/unlearn-recommended-local.yaml")).getSpec();
    assertThat(SpecValidator.problems(s)).isEmpty();
    // The setting evaluated in docs/benchmarks.md section 5: the first line of its settings file.
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    UnlearningRequestSpec evaluated = json.treeToValue(json.readTree(Files.readAllLines(
        Path.of("bench/matrix/eval-heldout-match-frozen.jsonl")).get(0)).get("spec"), UnlearningRequestSpec.class);
    assertThat(s.getMethod()).isEqualTo(evaluated.getMethod()).isEqualTo("heldout-match");
    Object settings = json.valueToTree(s.getMethodSettings());
    assertThat(settings).isEqualTo(json.valueToTree(evaluated.getMethodSettings()));
    assertThat(s.getMethodSettings().getFrozenFeatures()).isTrue();
    assertThat(s.getLearningRate()).isEqualTo(evaluated.getLearningRate());
    assertThat(s.getWeightDecay()).isEqualTo(evaluated.getWeightDecay()).isZero();
    assertThat(s.getEpochs()).isEqualTo(evaluated.getEpochs());
    assertThat(s.getRetainSampleFraction()).isEqualTo(evaluated.getRetainSampleFraction());
    assertThat(s.getReference().getRetrain()).isTrue();
    assertThat(Files.isDirectory(Path.of(s.getDataset().getUri()))).isTrue();
  }
}
