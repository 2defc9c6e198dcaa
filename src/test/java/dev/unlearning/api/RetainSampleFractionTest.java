package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetainSampleFractionTest {

  static UnlearningRequestSpec valid() {
    return TestData.spec(Path.of("/data/fashion-mnist"), Path.of("/tmp/out"), ModelSpec.DEFAULT_NUM_CLASSES);
  }

  static List<String> fields(UnlearningRequestSpec spec) {
    return RequestValidator.problems(spec).stream().map(SpecValidationException::field).toList();
  }

  @Test
  void defaultsToTheWholeRetainSet() {
    UnlearningRequestSpec spec = valid();
    assertThat(fields(spec)).isEmpty();
    assertThat(spec.effectiveRetainSampleFraction()).isEqualTo(1.0);
    assertThat(spec.retainSamplesPerEpoch(54_000)).isEqualTo(54_000);
  }

  @Test
  void samplesCeilOfTheFractionAndAtLeastOne() {
    UnlearningRequestSpec spec = valid();
    spec.setRetainSampleFraction(0.1);
    assertThat(fields(spec)).isEmpty();
    assertThat(spec.retainSamplesPerEpoch(54_000)).isEqualTo(5_400);
    assertThat(spec.retainSamplesPerEpoch(54_001)).isEqualTo(5_401);
    spec.setRetainSampleFraction(1e-9);
    assertThat(spec.retainSamplesPerEpoch(100)).isEqualTo(1);
    spec.setRetainSampleFraction(1.0);
    assertThat(fields(spec)).isEmpty();
  }

  @Test
  void outsideZeroToOneIsRefusedNamingTheField() {
    for (double bad : new double[] {0.0, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      UnlearningRequestSpec spec = valid();
      spec.setRetainSampleFraction(bad);
      assertThat(fields(spec)).as("fraction %s", bad).containsExactly("spec.retainSampleFraction");
      assertThat(RequestValidator.problems(spec).get(0).getMessage())
          .contains(Double.isFinite(bad) ? "> 0 and <= 1 (got " + bad + ")" : "must be a finite number");
    }
  }

  @Test
  void isReadFromTheRequestDocument() throws Exception {
    UnlearningRequestSpec spec = new ObjectMapper().readValue("{\"retainSampleFraction\": 0.25}",
        UnlearningRequestSpec.class);
    assertThat(spec.getRetainSampleFraction()).isEqualTo(0.25);
    assertThat(spec.retainSamplesPerEpoch(1000)).isEqualTo(250);
  }
}
