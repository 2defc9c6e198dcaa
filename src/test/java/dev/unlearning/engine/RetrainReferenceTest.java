package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.UnlearningRequestSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrain-from-scratch reference and the membership-inference score in a whole run, on a tiny made-up dataset. */
class RetrainReferenceTest {

  static final int CLASSES = 3;

  static UnlearningRequestSpec spec(Path data, Path out, Boolean retrain, Integer retrainEpochs) {
    UnlearningRequestSpec spec = TestData.spec(data, out, CLASSES);
    spec.getModel().setPretrainEpochs(2);
    spec.setClassWeights(List.of(1.0, 0.5, 0.5));
    if (retrain != null) {
      ReferenceSpec ref = new ReferenceSpec();
      ref.setRetrain(retrain);
      ref.setEpochs(retrainEpochs);
      spec.setReference(ref);
    }
    return spec;
  }

  /** 300 training images (240 retain, 60 forget with the spec's fraction 0.2) and 120 test images of 12x12. */
  static Path dataset(Path dir) throws IOException {
    Path data = dir.resolve("data");
    new TestData(CLASSES, 12, 300, 120, 0.0, 1).writeIdx(data, false);
    return data;
  }

  /**
   * One model's numbers in result.json (unrounded there). An accuracy counts the samples of one set the model gets
   * right, so it is k/240 on the retain set, k/60 on the forget set and k/120 on the test set; an accuracy computed on
   * another set, or averaged over batches of unequal size, is not. The MIA balances the groups at 60 samples each
   * and averages 10 splits that each hold out 12 of those 120, so it is a multiple of 1/120. Every model here has
   * learnt the label-noise-free data: a constant or random guess scores 1/3 on these balanced classes.
   */
  static void assertAssessed(JsonNode json, String model) {
    JsonNode a = json.path(model);
    assertCount(a.path("retain"), 240, model + ".retain");
    assertCount(a.path("forget"), 60, model + ".forget");
    assertCount(a.path("test"), 120, model + ".test");
    assertCount(a.path("mia"), 120, model + ".mia");
    assertThat(a.path("test").asDouble()).as(model + ".test").isGreaterThan(0.45);
    assertThat(a.path("retain").asDouble()).as(model + ".retain").isGreaterThan(0.45);
  }

  private static void assertCount(JsonNode value, int size, String what) {
    assertThat(value.isNumber()).as(what + " is a number").isTrue();
    double count = value.asDouble() * size;
    assertThat(count).as(what + " * " + size).isBetween(0.0, (double) size).isCloseTo(Math.rint(count), within(1e-6));
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
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    for (String model : List.of("original", "unlearned", "retrained")) {
      assertAssessed(json, model);
    }
    // The compact summary the operator gets carries the same numbers, rounded.
    assertThat(summary.getRetrained().getTest()).isCloseTo(json.at("/retrained/test").asDouble(), within(5e-5));
    assertThat(summary.getRetrained().getMia()).isCloseTo(json.at("/retrained/mia").asDouble(), within(5e-5));
    // 240 retain samples in batches of 32: 8 batches per retraining epoch, 3 epochs; the pretraining saw all 300.
    assertThat(epochsSeen).contains("retrain 1/3 8", "retrain 3/3 8", "pretrain 1/2 10");
    assertThat(summary.getDurationsSeconds()).containsKeys(UnlearningPipeline.RETRAIN,
        UnlearningPipeline.EVALUATE_RETRAINED);

    JsonNode ref = json.path("reference");
    assertThat(ref.path("architecture").asText()).isEqualTo(ModelSpec.SMALL_CNN);
    assertThat(ref.path("epochs").asInt()).isEqualTo(3);
    assertThat(ref.path("trainEpochs")).hasSize(3);
    double unlearning = ref.path("unlearningSeconds").asDouble();
    double retrain = ref.path("retrainSeconds").asDouble();
    assertThat(retrain).isPositive();
    assertThat(unlearning).isCloseTo(json.path("durationsSeconds").path("confuse").asDouble()
        + json.path("durationsSeconds").path("fineTune").asDouble(), within(0.002));
    // The ratio is taken from the unrounded seconds, result.json shows them to 3 decimals: on phases of a few
    // hundredths of a second that rounding alone moves the quotient by more than a fixed tolerance.
    double rounding = unlearning / retrain * (0.0005 / unlearning + 0.0005 / retrain) + 0.0001;
    assertThat(ref.path("unlearningToRetrainTimeRatio").asDouble()).isCloseTo(unlearning / retrain, within(rounding));

    // The evidence record measures the reference too: its accuracies and the gaps, Avg Gap included.
    JsonNode measurements = new ObjectMapper().readTree(dev.unlearning.engine.evidence.Dsse.decode(new ObjectMapper()
        .readTree(out.resolve("evidence.intoto.jsonl").toFile()).path("payload").asText())).at("/predicate/measurements");
    assertThat(measurements.at("/retrained/test").asDouble()).isEqualTo(json.at("/retrained/test").asDouble());
    assertThat(measurements.at("/gaps/average").asDouble()).isEqualTo(summary.getGaps().getAverage());
    assertThat(measurements.at("/gaps/forget").asDouble()).isEqualTo(summary.getGaps().getForget());
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
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertAssessed(json, "original");
    assertAssessed(json, "unlearned");
    assertThat(result.summary().getRetrained()).isNull();
    assertThat(phases).doesNotContain(UnlearningPipeline.RETRAIN, UnlearningPipeline.EVALUATE_RETRAINED);
    assertThat(json.has("retrained")).isFalse();
    assertThat(json.has("reference")).isFalse();
    assertThat(json.path("durationsSeconds").has(UnlearningPipeline.RETRAIN)).isFalse();
  }

  @Test
  void torchScriptModelWithoutArchitectureIsRetrainedFromAReinitialisedCopy(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    UnlearningRequestSpec spec = spec(dataset(dir), out, true, 2);
    spec.getModel().setArchitecture(null);
    spec.getModel().setUri(TestData.TINY_CNN.toString());
    byte[] input = java.nio.file.Files.readAllBytes(TestData.TINY_CNN);
    new UnlearningPipeline(dir, null).run(spec);
    JsonNode result = new ObjectMapper().readTree(out.resolve(UnlearningPipeline.RESULT_JSON).toFile());
    assertThat(result.at("/reference/kind").asText()).isEqualTo("retrained");
    assertThat(result.at("/reference/initialization").asText()).isEqualTo(ReferenceSpec.RESET_PARAMETERS);
    assertThat(result.at("/reference/note").isMissingNode()).isTrue();
    assertThat(result.at("/reference/trainEpochs")).hasSize(2);
    assertThat(result.at("/gaps/average").isNumber()).isTrue();
    // The reference is a copy: the input file stays as it was.
    assertThat(java.nio.file.Files.readAllBytes(TestData.TINY_CNN)).isEqualTo(input);
  }
}
