package dev.unlearning.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MembershipInferenceTest {

  static double[] gaussian(int n, double mean, double std, long seed) {
    Random r = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = mean + std * r.nextGaussian();
    }
    return out;
  }

  @Test
  void identicalDistributionsScoreAboutOneHalf() {
    double[] forget = gaussian(2000, 1.0, 0.5, 1);
    double[] test = gaussian(2000, 1.0, 0.5, 2);
    assertThat(MembershipInference.score(forget, test, 42)).isCloseTo(0.5, within(0.05));
  }

  @Test
  void separatedDistributionsScoreNearOne() {
    // Memorised forget samples: tiny losses; unseen test samples: large losses.
    double[] forget = gaussian(1000, 0.05, 0.02, 3);
    double[] test = gaussian(1000, 2.0, 0.3, 4);
    assertThat(MembershipInference.score(forget, test, 42)).isGreaterThan(0.99);
  }

  @Test
  void separationFarFromZeroNeedsTheInterceptAndStillScoresNearOne() {
    double[] forget = gaussian(1000, 10.0, 0.1, 5);
    double[] test = gaussian(1000, 11.0, 0.1, 6);
    assertThat(MembershipInference.score(forget, test, 7)).isGreaterThan(0.98);
  }

  @Test
  void overlappingDistributionsScoreTheBayesAccuracy() {
    // N(0,1) vs N(1,1): the best threshold (0.5) is right with probability Phi(0.5) = 0.6915.
    double[] forget = gaussian(5000, 0.0, 1.0, 8);
    double[] test = gaussian(5000, 1.0, 1.0, 9);
    assertThat(MembershipInference.score(forget, test, 11)).isCloseTo(0.6915, within(0.03));
  }

  @Test
  void sameSeedSameScoreOtherSeedOtherSplits() {
    double[] forget = gaussian(600, 0.0, 1.0, 10);
    double[] test = gaussian(900, 0.8, 1.0, 11);
    MembershipInference.Score a = MembershipInference.evaluate(forget, test, 5, 10, 0.1);
    MembershipInference.Score b = MembershipInference.evaluate(forget, test, 5, 10, 0.1);
    MembershipInference.Score c = MembershipInference.evaluate(forget, test, 6, 10, 0.1);
    assertThat(a.mean()).isEqualTo(b.mean());
    assertThat(a.splitAccuracies()).containsExactly(b.splitAccuracies());
    assertThat(c.splitAccuracies()).isNotEqualTo(a.splitAccuracies());
    assertThat(a.splitAccuracies()).hasSize(10);
  }

  @Test
  void largerGroupIsTruncatedToTheSmallerOne() {
    double[] forget = gaussian(5000, 0.0, 1.0, 12);
    double[] test = gaussian(1000, 0.0, 1.0, 13);
    MembershipInference.Score s = MembershipInference.evaluate(forget, test, 1, 10, 0.1);
    assertThat(s.samplesPerGroup()).isEqualTo(1000);
    // Balanced groups: without information the attack cannot beat chance by exploiting group sizes.
    assertThat(s.mean()).isCloseTo(0.5, within(0.06));
  }

  @Test
  void heldOutShareFollowsTheTestFraction() {
    // 1000 per group, 10% held out: 200 scored samples per split, so every accuracy is a multiple of 1/200.
    double[] forget = gaussian(1000, 0.0, 1.0, 14);
    double[] test = gaussian(1000, 1.0, 1.0, 15);
    for (double acc : MembershipInference.evaluate(forget, test, 2, 10, 0.1).splitAccuracies()) {
      assertThat(acc * 200).isCloseTo(Math.rint(acc * 200), within(1e-9));
    }
  }

  @Test
  void exactZeroLossesOfAFullyConfidentModelAreHandled() {
    double[] forget = new double[300];
    double[] test = gaussian(300, 1.5, 0.3, 16);
    assertThat(MembershipInference.score(forget, test, 3)).isGreaterThan(0.99);
  }

  @Test
  void constantLossesGiveChance() {
    double[] forget = new double[400];
    double[] test = new double[400];
    java.util.Arrays.fill(forget, 0.7);
    java.util.Arrays.fill(test, 0.7);
    assertThat(MembershipInference.score(forget, test, 3)).isCloseTo(0.5, within(0.01));
  }

  @Test
  void rejectsTooFewOrNonFiniteLosses() {
    int min = MembershipInference.minimumGroupSize(0.1);
    assertThat(min).isEqualTo(6);
    assertThat(MembershipInference.canScore(min, 100)).isTrue();
    assertThat(MembershipInference.canScore(min - 1, 100)).isFalse();
    assertThatThrownBy(() -> MembershipInference.score(new double[min - 1], new double[100], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 6");
    double[] bad = gaussian(100, 1, 1, 1);
    bad[17] = Double.NaN;
    assertThatThrownBy(() -> MembershipInference.score(bad, gaussian(100, 1, 1, 2), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forget loss 17");
    assertThatThrownBy(() -> MembershipInference.evaluate(bad, bad, 1, 0, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splits");
  }
}
