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
}
