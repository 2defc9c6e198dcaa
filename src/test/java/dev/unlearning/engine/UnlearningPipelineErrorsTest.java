package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input ends in one exception with the right exit code and a message naming the field or file. */
class UnlearningPipelineErrorsTest {


  @TempDir
  Path tmp;

  Path dataDir;
  UnlearningRequestSpec spec;

  @BeforeEach
  void data() throws IOException {
    dataDir = tmp.resolve("data");
    new TestData(3, 12, 40, 12, 0, 1).writeIdx(dataDir, false);
    spec = TestData.spec(dataDir, tmp.resolve("out"), 3);
    spec.getModel().setPretrainEpochs(0);
  }

  private AbstractThrowableAssert<?, ?> fails(WorkerExitCode code) {
    return assertThatThrownBy(() -> new UnlearningPipeline(tmp, ProgressListener.NONE).run(spec))
        .isInstanceOfSatisfying(UnlearningException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.exitCode()).isEqualTo(code));
  }

  @Test
  void missingDatasetDirectory() {
    spec.getDataset().setUri(tmp.resolve("no-such-dir").toString());
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.dataset.uri").hasMessageContaining("no-such-dir");
  }

  @Test
  void wrongMagicNumber() throws IOException {
    byte[] b = Files.readAllBytes(dataDir.resolve("t10k-images-idx3-ubyte"));
    b[2] = 0x7F;
    Files.write(dataDir.resolve("t10k-images-idx3-ubyte"), b);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("t10k-images-idx3-ubyte").hasMessageContaining("magic");
  }

  @Test
  void truncatedFile() throws IOException {
    byte[] b = Files.readAllBytes(dataDir.resolve("train-labels-idx1-ubyte"));
    Files.write(dataDir.resolve("train-labels-idx1-ubyte"), java.util.Arrays.copyOf(b, b.length - 1));
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("train-labels-idx1-ubyte").hasMessageContaining("truncated");
  }

  @Test
  void classWeightsLengthMismatch() {
    spec.setClassWeights(List.of(1.0, 0.5));
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.classWeights");
  }

  @Test
  void negativeClassWeight() {
    spec.setClassWeights(List.of(1.0, -0.5, 0.5));
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.classWeights");
  }

  @Test
  void negativeNoise() {
    spec.setNoiseStd(-0.1);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.noiseStd");
  }

  @Test
  void fractionOutsideOpenInterval() {
    spec.getForget().setFraction(1.0);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.forget.fraction");
    spec.getForget().setFraction(0.0);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.forget.fraction");
  }

  @Test
  void emptyRetainSet() {
    ForgetSpec forget = new ForgetSpec();
    forget.setClasses(List.of(0, 1, 2));
    spec.setForget(forget);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.forget").hasMessageContaining("retain set");
  }

  @Test
  void emptyForgetSet() throws IOException {
    Path indices = tmp.resolve("none.txt");
    Files.writeString(indices, "# nobody asked\n");
    ForgetSpec forget = new ForgetSpec();
    forget.setIndicesFile(indices.toString());
    spec.setForget(forget);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.forget.indicesFile")
        .hasMessageContaining("forget set is empty");
  }

  @Test
  void modelOutputSizeMismatch() {
    // tiny-cnn.pt outputs 3 classes
    spec.getModel().setArchitecture(null);
    spec.getModel().setUri(TestData.TINY_CNN.toString());
    spec.getModel().setNumClasses(4);
    spec.setClassWeights(null);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.model.numClasses")
        .hasMessageContaining("tiny-cnn.pt");
  }

  @Test
  void missingOrBrokenModelFile() throws IOException {
    spec.getModel().setArchitecture(null);
    spec.getModel().setUri(tmp.resolve("missing.pt").toString());
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.model.uri").hasMessageContaining("missing.pt");
    Path broken = tmp.resolve("broken.pt");
    Files.writeString(broken, "not a zip");
    spec.getModel().setUri(broken.toString());
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.model.uri").hasMessageContaining("broken.pt");
  }

  @Test
  void labelsBeyondNumClasses() {
    spec.getModel().setNumClasses(2);
    fails(WorkerExitCode.INVALID_INPUT).hasMessageContaining("spec.model.numClasses");
  }

  @Test
  void nanLossIsDiverged() {
    // Conv weights near the float maximum overflow the activations to infinity; batch norm turns that into NaN.
    spec.setNoiseStd(1e38);
    fails(WorkerExitCode.DIVERGED).hasMessageContaining("training diverged at epoch 1 batch 1")
        .hasMessageContaining("NaN").hasMessageContaining("spec.noiseStd");
  }
}
