package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrain-from-scratch reference and the membership-inference score in a whole run, on a tiny made-up dataset. */
class RetrainReferenceTest {

  static final int SIDE = 12;
  static final int CLASSES = 3;

  /** IDX files of images whose class is a bright horizontal band (row block per class) plus noise. */
  static void writeIdx(Path dir, String prefix, int n, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] pixels = new byte[n * SIDE * SIDE];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(CLASSES);
      labels[i] = (byte) c;
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int v = r.nextInt(90) + (y / (SIDE / CLASSES) == c ? 150 : 0);
          pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) Math.min(255, v);
        }
      }
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"))) {
      out.write(ByteBuffer.allocate(16).putInt(0x803).putInt(n).putInt(SIDE).putInt(SIDE).array());
      out.write(pixels);
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"))) {
      out.write(ByteBuffer.allocate(8).putInt(0x801).putInt(n).array());
      out.write(labels);
    }
  }

  static UnlearningRequestSpec spec(Path data, Path out, Boolean retrain, Integer retrainEpochs) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    ModelSpec model = new ModelSpec();
    model.setArchitecture(ModelSpec.SMALL_CNN);
    model.setNumClasses(CLASSES);
    model.setPretrainEpochs(2);
    spec.setModel(model);
    DatasetSpec ds = new DatasetSpec();
    ds.setFormat(DatasetSpec.FORMAT_IDX);
    ds.setUri(data.toString());
    spec.setDataset(ds);
    ForgetSpec forget = new ForgetSpec();
    forget.setFraction(0.2);
    forget.setSeed(7L);
    spec.setForget(forget);
    spec.setEpochs(1);
    spec.setBatchSize(32);
    spec.setClassWeights(List.of(1.0, 0.5, 0.5));
    OutputSpec output = new OutputSpec();
    output.setUri(out.toString());
    spec.setOutput(output);
    if (retrain != null) {
      ReferenceSpec ref = new ReferenceSpec();
      ref.setRetrain(retrain);
      ref.setEpochs(retrainEpochs);
      spec.setReference(ref);
    }
    return spec;
  }

  static Path dataset(Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    writeIdx(data, "train", 300, 1);
    writeIdx(data, "t10k", 120, 2);
    return data;
  }

  static void assertComplete(Accuracies a) {
    assertThat(a.getRetain()).isBetween(0.0, 1.0);
    assertThat(a.getForget()).isBetween(0.0, 1.0);
    assertThat(a.getTest()).isBetween(0.0, 1.0);
    assertThat(a.getMia()).isNotNull().isBetween(0.0, 1.0);
  }

  @Test
  void retrainReferenceIsTrainedOnRetainOnlyAndReportedWithMiaAndTimeRatio(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    List<String> epochsSeen = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void epochStarted(String phase, int epoch, int epochs, long batches) {
        epochsSeen.add(phase + " " + epoch + "/" + epochs + " " + batches);
      }
    };
    UnlearningResult result = new UnlearningPipeline(dir, listener).run(spec(dataset(dir), out, true, 3));

    ResultSummary summary = result.summary();
    assertComplete(summary.getOriginal());
    assertComplete(summary.getUnlearned());
    assertComplete(summary.getRetrained());
    // 240 retain samples in batches of 32: 8 batches per retraining epoch, 3 epochs; the pretraining saw all 300.
    assertThat(epochsSeen).contains("retrain 1/3 8", "retrain 3/3 8", "pretrain 1/2 10");
    assertThat(summary.getDurationsSeconds()).containsKeys(UnlearningPipeline.RETRAIN,
        UnlearningPipeline.EVALUATE_RETRAINED);

    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.path("retrained").path("mia").isNumber()).isTrue();
    assertThat(json.path("original").path("mia").isNumber()).isTrue();
    JsonNode ref = json.path("reference");
    assertThat(ref.path("architecture").asText()).isEqualTo(ModelSpec.SMALL_CNN);
    assertThat(ref.path("epochs").asInt()).isEqualTo(3);
    assertThat(ref.path("trainEpochs")).hasSize(3);
    double unlearning = ref.path("unlearningSeconds").asDouble();
    double retrain = ref.path("retrainSeconds").asDouble();
    assertThat(retrain).isPositive();
    assertThat(unlearning).isCloseTo(json.path("durationsSeconds").path("confuse").asDouble()
        + json.path("durationsSeconds").path("fineTune").asDouble(), within(0.002));
    assertThat(ref.path("unlearningToRetrainTimeRatio").asDouble()).isCloseTo(unlearning / retrain, within(0.01));
  }

  @Test
  void withoutReferenceMiaIsStillReportedAndNoRetrainHappens(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    List<String> phases = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void phaseStarted(String phase) {
        phases.add(phase);
      }
    };
    UnlearningResult result = new UnlearningPipeline(dir, listener).run(spec(dataset(dir), out, null, null));
    assertComplete(result.summary().getOriginal());
    assertComplete(result.summary().getUnlearned());
    assertThat(result.summary().getRetrained()).isNull();
    assertThat(phases).doesNotContain(UnlearningPipeline.RETRAIN, UnlearningPipeline.EVALUATE_RETRAINED);
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.has("retrained")).isFalse();
    assertThat(json.has("reference")).isFalse();
    assertThat(json.path("durationsSeconds").has(UnlearningPipeline.RETRAIN)).isFalse();
  }

  @Test
  void torchScriptModelWithoutArchitectureCannotBeRetrained(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    UnlearningRequestSpec spec = spec(dataset(dir), out, true, null);
    spec.getModel().setArchitecture(null);
    spec.getModel().setUri(dir.resolve("model.pt").toString());
    assertThatThrownBy(() -> new UnlearningPipeline(dir, null).run(spec))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.reference.retrain")
        .hasMessageContaining("architecture")
        .satisfies(e -> assertThat(((InvalidInputException) e).exitCode()).isEqualTo(WorkerExitCode.INVALID_INPUT));
    assertThat(out.resolve(UnlearningPipeline.RESULT_JSON)).doesNotExist();
  }
}
