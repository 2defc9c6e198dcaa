package dev.unlearning.engine.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.TestData;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The test images a held-out-reading method may read, and the disjoint rest on which the models are judged. */
class HeldOutSplitTest {

  static UnlearningRequestSpec spec(String method, MethodSettings settings) {
    UnlearningRequestSpec spec = TestData.spec(Path.of("/data"), Path.of("/out"), 10);
    spec.setMethod(method);
    spec.setMethodSettings(settings);
    return spec;
  }

  @Test
  void aMethodThatReadsNoHeldOutDataIsJudgedOnEveryTestImage() {
    HeldOutSplit split = HeldOutSplit.of(spec("neggrad-plus", null), 100);
    assertThat(split.splits()).isFalse();
    assertThat(split.method()).isEmpty();
    assertThat(split.assessed()).containsExactly(IntStream.range(0, 100).toArray());
  }

  @Test
  void heldoutMatchReadsASeededFifthAndIsJudgedOnTheRest() {
    HeldOutSplit split = HeldOutSplit.of(spec("heldout-match", null), 1000);
    assertThat(split.splits()).isTrue();
    assertThat(split.method()).hasSize(200);
    assertThat(split.assessed()).hasSize(800);
    int[] both = IntStream.concat(Arrays.stream(split.method()), Arrays.stream(split.assessed())).sorted().toArray();
    assertThat(both).containsExactly(IntStream.range(0, 1000).toArray());
    assertThat(split.method()).isSorted();
    // Seeded: the same request gives the same images; another seed others.
    assertThat(HeldOutSplit.of(spec("heldout-match", null), 1000).method()).containsExactly(split.method());
    UnlearningRequestSpec reseeded = spec("heldout-match", null);
    reseeded.setSeed(reseeded.effectiveSeed() + 1);
    assertThat(HeldOutSplit.of(reseeded, 1000).method()).isNotEqualTo(split.method());
  }

  @Test
  void theStopOfAnyMethodAndTheFractionAreHonoured() {
    MethodSettings s = new MethodSettings();
    s.setStopAtHeldOutAccuracy(true);
    s.setHeldOutFraction(0.05);
    HeldOutSplit split = HeldOutSplit.of(spec("neggrad-plus", s), 2000);
    assertThat(split.method()).hasSize(100);
    assertThat(split.assessed()).hasSize(1900);
  }

  @Test
  void aTestSetTooSmallToShareIsRefusedNamingTheField() {
    assertThatThrownBy(() -> HeldOutSplit.of(spec("heldout-match", null), 2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.methodSettings.heldOutFraction: 0.2 of the 2 test images leaves no image for the method;"
            + " spec.method heldout-match needs held-out images next to the judged ones");
    MethodSettings s = new MethodSettings();
    s.setHeldOutFraction(0.5);
    assertThatThrownBy(() -> HeldOutSplit.of(spec("heldout-match", s), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("of the 1 test images leaves none to judge");
  }
}
