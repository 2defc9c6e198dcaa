package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.UnlearningRequestSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spec.retainSampleFraction: each fine-tuning epoch trains on a fresh random share of the retain set. */
class RetainSubsampleTest {

  @Test
  void fineTuningEpochsTrainOnTheRequestedShareOfTheRetainSet(@TempDir Path dir) throws Exception {
    UnlearningRequestSpec spec = RetrainReferenceTest.spec(RetrainReferenceTest.dataset(dir), dir.resolve("out"), null,
        null);
    spec.setEpochs(2);
    spec.setRetainSampleFraction(0.25);
    List<String> epochs = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void epochStarted(String phase, int epoch, int total, long batches) {
        epochs.add(phase + " " + epoch + "/" + total + " " + batches);
      }
    };
    UnlearningResult result = new UnlearningPipeline(dir, listener).run(spec);
    // 240 retain samples, a quarter of them (60) per epoch in batches of 32: 2 batches instead of 8.
    assertThat(epochs).contains("fineTune 1/2 2", "fineTune 2/2 2").doesNotContain("fineTune 1/2 8");
    JsonNode json = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(json.path("settings").path("retainSampleFraction").asDouble()).isEqualTo(0.25);
    assertThat(json.path("forget").path("retainSize").asInt()).isEqualTo(240);
  }
}
