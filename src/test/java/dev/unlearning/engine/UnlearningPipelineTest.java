package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs on small IDX data written by the test. */
class UnlearningPipelineTest {


  @TempDir
  Path tmp;

  @Test
  void builtInModelRunWritesCompleteAuditableOutput() throws IOException {
    TestData data = new TestData(4, 12, 320, 120, 0.3, 21);
    Path dataDir = tmp.resolve("data");
    data.writeIdx(dataDir, true);
    Path out = tmp.resolve("out");
    UnlearningRequestSpec spec = TestData.spec(dataDir, out, 4);
    spec.getModel().setPretrainEpochs(30);
    spec.setEpochs(6);
    spec.setClassWeights(List.of(1.0, 0.5, 0.5, 0.5));
    List<String> events = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void phaseStarted(String phase) {
        events.add("start " + phase);
      }

      @Override
      public void epochStarted(String phase, int epoch, int epochs, long batches) {
        events.add("epoch " + phase + " " + epoch + "/" + epochs + " batches " + batches);
      }

      @Override
      public void phaseFinished(String phase, Duration d) {
        events.add("end " + phase);
      }
    };

    long before = System.nanoTime();
    UnlearningResult result = new UnlearningPipeline(tmp.resolve("pvc"), listener).run(spec);
    double wallSeconds = (System.nanoTime() - before) / 1e9;

    ResultSummary s = result.summary();
    assertThat(s.getForgetSize()).isEqualTo(64); // ceil(0.2 * 320)
    assertThat(s.getRetainSize()).isEqualTo(256);
    assertThat(s.getTestSize()).isEqualTo(120);
    assertThat(s.getDevice()).isEqualTo("cpu()");
    assertThat(s.getDurationsSeconds()).containsOnlyKeys("load", "digest", "pretrain", "evaluateOriginal", "confuse",
        "fineTune", "evaluateUnlearned", "save", "total");
    assertDurationsAddUp(s.getDurationsSeconds(), wallSeconds);
    // The memorised forget set is forgotten, the retain set is relearnt.
    assertThat(s.getOriginal().getForget()).isGreaterThan(0.9);
    assertThat(s.getUnlearned().getForget()).isLessThan(s.getOriginal().getForget() - 0.1);
    assertThat(s.getUnlearned().getRetain()).isGreaterThan(s.getUnlearned().getForget());

    assertThat(events).startsWith("start load", "end load", "start digest", "end digest", "start pretrain",
        "epoch pretrain 1/30 batches 10");
    assertThat(events).contains("epoch fineTune 6/6 batches 8", "end evaluateUnlearned", "end save");

    byte[] indices = Files.readAllBytes(out.resolve("forget-indices.txt"));
    assertThat(ForgetSplit.sha256(indices)).isEqualTo(s.getForgetIndicesSha256());
    assertThat(new String(indices).lines()).hasSize(64);
    assertThat(result.modelFile()).isEqualTo(out.resolve("model.params")).exists();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("model.params", "result.json", "forget-indices.txt", "evidence.intoto.jsonl");
    }

    // Readable by other users (e.g. a pod with another uid reading the volume), like any normally created file.
    assertThat(Files.getPosixFilePermissions(result.resultJson()))
        .isEqualTo(Files.getPosixFilePermissions(result.modelFile()));

    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    // result.json keeps exact accuracies; the compact summary rounds them to 4 decimals.
    assertThat(json.at("/original/forget").asDouble()).isCloseTo(s.getOriginal().getForget(), within(5e-5));
    assertThat(json.at("/unlearned/test").asDouble()).isCloseTo(s.getUnlearned().getTest(), within(5e-5));
    assertThat(json.at("/forget/indicesSha256").asText()).isEqualTo(s.getForgetIndicesSha256());
    assertThat(json.at("/forget/forgetSize").asInt()).isEqualTo(64);
    assertThat(json.get("fineTune")).hasSize(6);
    assertThat(json.at("/fineTune/0/loss").isNumber()).isTrue();
    assertThat(json.at("/durationsSeconds/fineTune").isNumber()).isTrue();
    assertThat(json.at("/device").asText()).isEqualTo("cpu()");
    assertThat(json.at("/model/confusedParameters")).hasSize(4);
    assertThat(json.at("/model/source").isMissingNode()).isTrue();
  }

  /**
   * Every phase is timed, the phases do not overlap (their sum stays within the total, up to the rounding to
   * milliseconds), and the total is the run's wall time: the caller measured it around the run, so it can only be
   * a little longer.
   */
  static void assertDurationsAddUp(Map<String, Double> durations, double wallSeconds) {
    double phases = 0;
    for (Map.Entry<String, Double> e : durations.entrySet()) {
      if (!e.getKey().equals(UnlearningPipeline.TOTAL)) {
        // confuse and save of a tiny model can take less than the rounding step
        assertThat(e.getValue()).as(e.getKey()).isGreaterThanOrEqualTo(0.0);
        phases += e.getValue();
      }
    }
    double total = durations.get(UnlearningPipeline.TOTAL);
    assertThat(durations.get(UnlearningPipeline.PRETRAIN)).as("pretrain").isPositive();
    assertThat(durations.get(UnlearningPipeline.FINE_TUNE)).as("fineTune").isPositive();
    assertThat(phases).as("sum of the phases").isLessThanOrEqualTo(total + 0.0005 * durations.size());
    // Outside the phases a run only prepares the output directory and, the first time, starts the engine.
    assertThat(phases).as("sum of the phases").isGreaterThan(0.5 * total);
    assertThat(total).as("total").isLessThanOrEqualTo(wallSeconds + 0.0005).isGreaterThan(0.9 * wallSeconds);
  }

  @Test
  void torchScriptRunSavesTorchScriptAndResolvesPvcLocations() throws IOException {
    TestData data = new TestData(3, 12, 90, 30, 0, 8);
    Path pvc = tmp.resolve("pvc");
    data.writeIdx(pvc.resolve("datasets/tiny"), false);
    Files.createDirectories(pvc.resolve("models"));
    Files.copy(TestData.TINY_CNN, pvc.resolve("models/tiny-cnn.pt"));
    Files.writeString(pvc.resolve("datasets/remove.txt"), "# user 17\n3\n4\n50\n");
    UnlearningRequestSpec spec = TestData.spec(pvc.resolve("datasets/tiny"), tmp, 3);
    spec.getDataset().setUri("pvc://datasets/tiny");
    spec.getModel().setArchitecture(null);
    spec.getModel().setUri("pvc://models/tiny-cnn.pt");
    ForgetSpec forget = new ForgetSpec();
    forget.setIndicesFile("pvc://datasets/remove.txt");
    spec.setForget(forget);
    spec.getOutput().setUri("pvc://results/run-1");

    UnlearningResult result = new UnlearningPipeline(pvc, ProgressListener.NONE).run(spec);

    assertThat(result.outputDir()).isEqualTo(pvc.resolve("results/run-1"));
    assertThat(result.modelFile()).isEqualTo(pvc.resolve("results/run-1/model.pt"));
    assertThat(result.summary().getForgetSize()).isEqualTo(3);
    assertThat(result.summary().getDurationsSeconds().get("pretrain")).isZero();
    assertThat(Files.readString(result.outputDir().resolve("forget-indices.txt"))).isEqualTo("3\n4\n50\n");
    try (Model reloaded = ModelIO.loadTorchScript(result.modelFile(), Device.cpu())) {
      assertThat(ModelIO.isTorchScript(reloaded)).isTrue();
    }
    // The input model is never overwritten.
    assertThat(Files.mismatch(TestData.TINY_CNN, pvc.resolve("models/tiny-cnn.pt"))).isEqualTo(-1);
  }

  @Test
  void classesForgetSetOnBuiltInModel() throws IOException {
    TestData data = new TestData(3, 12, 60, 30, 0, 9);
    Path dataDir = tmp.resolve("data");
    data.writeIdx(dataDir, false);
    UnlearningRequestSpec spec = TestData.spec(dataDir, tmp.resolve("out"), 3);
    ForgetSpec forget = new ForgetSpec();
    forget.setClasses(List.of(2));
    spec.setForget(forget);
    spec.getModel().setArchitecture(ModelSpec.SMALL_CNN);
    ResultSummary s = new UnlearningPipeline(tmp, ProgressListener.NONE).run(spec).summary();
    assertThat(s.getForgetSize()).isEqualTo(20);
    assertThat(s.getRetainSize()).isEqualTo(40);
  }
}
