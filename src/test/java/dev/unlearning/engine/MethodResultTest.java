package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.ResultGaps;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.UnlearningRequestSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run with spec.method: its phases, its report in result.json, and the gaps to retraining. */
class MethodResultTest {

  @TempDir
  Path tmp;

  UnlearningRequestSpec spec(String method) throws IOException {
    Path data = tmp.resolve("data");
    new TestData(3, 12, 90, 30, 0.2, 6).writeIdx(data, false);
    UnlearningRequestSpec spec = TestData.spec(data, tmp.resolve("out"), 3);
    spec.getModel().setPretrainEpochs(2);
    spec.setMethod(method);
    return spec;
  }

  @Test
  void salunWithReferenceReportsItsMaskAndTheGaps() throws IOException {
    UnlearningRequestSpec spec = spec(MethodSettings.SALUN);
    MethodSettings settings = new MethodSettings();
    settings.setSaliencyFraction(0.25);
    spec.setMethodSettings(settings);
    ReferenceSpec ref = new ReferenceSpec();
    ref.setRetrain(true);
    spec.setReference(ref);

    UnlearningResult result = new UnlearningPipeline(tmp, null).run(spec);

    ResultSummary s = result.summary();
    assertThat(s.getDurationsSeconds()).containsKeys("saliency", "unlearn").doesNotContainKeys("confuse", "fineTune");
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.path("method").asText()).isEqualTo("salun");
    assertThat(json.at("/methodReport/saliencyFraction").asDouble()).isEqualTo(0.25);
    long candidates = json.at("/methodReport/candidateWeights").asLong();
    assertThat(json.at("/methodReport/maskedWeights").asLong()).isBetween(candidates / 4, candidates / 4 + 10);
    // The gaps are computed from result.json's exact accuracies and copied into the status summary.
    ResultGaps expected = ResultGaps.between(
        new ObjectMapper().treeToValue(json.get("unlearned"), dev.unlearning.api.Accuracies.class),
        new ObjectMapper().treeToValue(json.get("retrained"), dev.unlearning.api.Accuracies.class));
    assertThat(json.at("/gaps/average").asDouble()).isEqualTo(expected.getAverage());
    assertThat(json.at("/gaps/forget").asDouble())
        .isCloseTo(100 * (json.at("/unlearned/forget").asDouble() - json.at("/retrained/forget").asDouble()),
            within(0.006));
    assertThat(s.getGaps().getAverage()).isEqualTo(expected.getAverage());
    assertThat(s.getGaps().getUtility()).isEqualTo(expected.getUtility());
    assertThat(json.has("gapsNote")).isFalse();
    // The time ratio counts the method's own phases: the saliency pass and the training.
    assertThat(json.at("/reference/unlearningSeconds").asDouble()).isCloseTo(
        json.at("/durationsSeconds/saliency").asDouble() + json.at("/durationsSeconds/unlearn").asDouble(),
        within(0.002));
  }

  @Test
  void heldoutMatchReadsAFifthOfTheTestSetAndIsJudgedOnTheRest() throws IOException {
    UnlearningRequestSpec spec = spec(MethodSettings.HELDOUT_MATCH);
    ReferenceSpec ref = new ReferenceSpec();
    ref.setRetrain(true);
    spec.setReference(ref);

    UnlearningResult result = new UnlearningPipeline(tmp, null).run(spec);

    // 30 test images: 6 are the method's held-out data, the original, unlearned and retrained models are judged on 24.
    assertThat(result.summary().getTestSize()).isEqualTo(24);
    assertThat(result.summary().getDurationsSeconds()).containsKeys("evaluateHeldOut", "heldOut", "unlearn");
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.at("/methodReport/heldOutTestImages").asInt()).isEqualTo(6);
    assertThat(json.at("/methodReport/judgedTestImages").asInt()).isEqualTo(24);
    assertThat(json.at("/methodReport/heldOutSamples").asInt()).isEqualTo(6);
    assertThat(json.at("/dataset/testSize").asInt()).isEqualTo(30);
    // Accuracies on 24 images are multiples of 1/24.
    for (String model : new String[] {"original", "unlearned", "retrained"}) {
      double test = json.at("/" + model + "/test").asDouble();
      assertThat(test * 24).as(model).isCloseTo(Math.round(test * 24), within(1e-6));
    }
  }

  @Test
  void withoutReferenceTheResultSaysWhatTheGapsNeed() throws IOException {
    UnlearningRequestSpec spec = spec(MethodSettings.FINETUNE);
    UnlearningResult result = new UnlearningPipeline(tmp, null).run(spec);
    assertThat(result.summary().getGaps()).isNull();
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.has("gaps")).isFalse();
    assertThat(json.path("gapsNote").asText()).isEqualTo("the gaps to retraining need spec.reference.retrain: true");
    assertThat(json.path("method").asText()).isEqualTo("finetune");
    assertThat(result.summary().getDurationsSeconds()).containsKey("fineTune").doesNotContainKey("confuse");
    assertThat(json.at("/model/confusedElements").asLong()).isZero();
  }
}
