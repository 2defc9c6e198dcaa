package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestFilesTest {

  @TempDir
  Path dir;

  private static final String VALID = """
      apiVersion: unlearning.dev/v1alpha1
      kind: UnlearningRequest
      metadata:
        name: demo
      spec:
        model:
          architecture: small-cnn
          pretrainEpochs: 2
        dataset:
          format: idx
          uri: data/fmnist
        forget:
          fraction: 0.1
          seed: 7
        noiseStd: 0.3
        classWeights: [1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
        output:
          uri: out/demo
        job:
          gpus: 0
          limits:
            memory: 4Gi
      """;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("request.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void readsAWholeRequestWithItsValues() throws Exception {
    UnlearningRequest r = RequestFiles.readRequest(write(VALID));
    assertThat(r.getMetadata().getName()).isEqualTo("demo");
    UnlearningRequestSpec s = r.getSpec();
    assertThat(s.getModel().getArchitecture()).isEqualTo("small-cnn");
    assertThat(s.getForget().getFraction()).isEqualTo(0.1);
    assertThat(s.getForget().effectiveSeed()).isEqualTo(7L);
    assertThat(s.effectiveNoiseStd()).isEqualTo(0.3);
    assertThat(s.effectiveEpochs()).isEqualTo(5);
    assertThat(s.effectiveClassWeights(10)).containsExactly(1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    assertThat(s.getJob().getLimits().get("memory").toString()).isEqualTo("4Gi");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> RequestFiles.readRequest(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("request file " + missing + ": not found");
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    Path f = write("  \n");
    assertThatThrownBy(() -> RequestFiles.readRequest(f)).hasMessage("request file " + f + ": is empty");
  }

  @Test
  void unknownFieldIsNamedWithItsPathAndLine() throws Exception {
    Path f = write(VALID.replace("noiseStd: 0.3", "noiseStdd: 0.3"));
    assertThatThrownBy(() -> RequestFiles.readRequest(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("request file " + f + ": spec.noiseStdd: unknown field (line 15,");
  }

  @Test
  void wrongTypeNamesTheField() throws Exception {
    Path f = write(VALID.replace("pretrainEpochs: 2", "pretrainEpochs: many"));
    assertThatThrownBy(() -> RequestFiles.readRequest(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.model.pretrainEpochs: ")
        .hasMessageContaining("(line 8,");
  }

  @Test
  void aFractionForAnIntegerFieldIsRefusedNotTruncated() throws Exception {
    Path f = write(VALID.replace("pretrainEpochs: 2", "pretrainEpochs: 2.5"));
    assertThatThrownBy(() -> RequestFiles.readRequest(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("request file " + f + ": spec.model.pretrainEpochs: must be an integer (got 2.5) (line 8,");
  }

  @Test
  void brokenYamlSaysWhere() throws Exception {
    Path f = write(VALID.replace("  forget:\n", "  forget: [\n"));
    assertThatThrownBy(() -> RequestFiles.readRequest(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("request file " + f + ": ")
        .hasMessageContaining("line ");
  }

  @Test
  void wrongKindAndApiVersionAreRefused() throws Exception {
    Path kind = write(VALID.replace("kind: UnlearningRequest", "kind: Job"));
    assertThatThrownBy(() -> RequestFiles.readRequest(kind))
        .hasMessage("request file " + kind + ": kind must be UnlearningRequest (got Job)");
    Path version = write(VALID.replace("unlearning.dev/v1alpha1", "unlearning.dev/v9"));
    assertThatThrownBy(() -> RequestFiles.readRequest(version))
        .hasMessage("request file " + version + ": apiVersion must be unlearning.dev/v1alpha1 (got unlearning.dev/v9)");
  }

  @Test
  void specJsonFromTheOperatorIsRead() {
    UnlearningRequestSpec s = RequestFiles.readSpecJson(
        "{\"model\":{\"uri\":\"pvc://models/m.pt\"},\"epochs\":3,\"forget\":{\"classes\":[1,2]}}", "env X");
    assertThat(s.getModel().getUri()).isEqualTo("pvc://models/m.pt");
    assertThat(s.effectiveEpochs()).isEqualTo(3);
    assertThat(s.getForget().getClasses()).containsExactly(1, 2);
  }

  @Test
  void specJsonErrorsNameTheSourceAndField() {
    String source = "environment variable " + WorkerContract.ENV_REQUEST;
    assertThatThrownBy(() -> RequestFiles.readSpecJson("{\"epochz\":3}", source))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(source + ": spec.epochz: unknown field");
    assertThatThrownBy(() -> RequestFiles.readSpecJson("", source))
        .hasMessage(source + ": is empty");
  }
}
