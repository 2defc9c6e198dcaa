package dev.unlearning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ForgettingQualityTest {

  @Test
  void logitScaledConfidenceIsLogOddsOfTheTrueClass() {
    // p = e^2 / (e^2 + 2): ln(p / (1 - p)) = 2 - ln 2.
    assertEquals(2 - Math.log(2), ForgettingQuality.logitScaledConfidence(new float[] {2, 0, 0}, 0), 1e-9);
    assertEquals(-Math.log(Math.exp(2) + 1), ForgettingQuality.logitScaledConfidence(new float[] {2, 0, 0}, 1),
        1e-6);
    // A memorised example (p = 1 - 1e-40 in doubles) keeps a finite, exact confidence instead of rounding to infinity.
    assertEquals(92.0 - Math.log(9), ForgettingQuality.logitScaledConfidence(new float[] {0, 92, 0, 0, 0, 0, 0, 0,
        0, 0}, 1), 1e-9);
  }

  @Test
  void boundOfOneAttackFollowsTheChallengeFormula() {
    assertEquals(Math.log((0.5 - 1e-5) / 0.25), ForgettingQuality.bound(0.5, 0.25), 1e-12);
    assertEquals(Math.log((0.5 - 1e-5) / 0.25), ForgettingQuality.bound(0.25, 0.5), 1e-12);
    assertEquals(0, ForgettingQuality.bound(0.5, 0.5));
    assertEquals(Double.POSITIVE_INFINITY, ForgettingQuality.bound(0, 0));
    assertTrue(Double.isNaN(ForgettingQuality.bound(0, 0.5)), "one zero rate is discarded");
  }

  @Test
  void bucketsOfHalfAUnitUpToLnOfTheModelCountScoreTwoToTheMinusK() {
    // 32 models: ceil(ln 31) = 4, so 8 buckets [0, 0.5) ... [3.5, 4); past them 0.
    assertEquals(1, ForgettingQuality.points(0.49, 32));
    assertEquals(0.5, ForgettingQuality.points(0.5, 32));
    assertEquals(1.0 / 128, ForgettingQuality.points(3.99, 32));
    assertEquals(0, ForgettingQuality.points(4.0, 32));
    assertEquals(0, ForgettingQuality.points(50, 32));
  }

  @Test
  void handComputedSmallCase() {
    // Example 0: retrained {1, 2, 3, 4}, unlearned {1.5, 2.5, 3.5, 4.5}. The best attack keeps three of the four
    // unlearned values and two of the retrained (e.g. the interval [1.5, 3.5]): fnr 1/4, fpr 2/4, so
    // epsilon = ln((1 - 1e-5 - 2/4) / (1/4)), about 0.693, in bucket [0.5, 1): 1/2 with 4 models (buckets up to
    // ceil(ln 3) = 2). Example 1: the same values on both sides: no attack beats chance, epsilon 0, score 1.
    double[][] retrained = {{1, 7}, {2, 8}, {3, 9}, {4, 10}};
    double[][] unlearned = {{1.5, 7}, {2.5, 8}, {3.5, 9}, {4.5, 10}};
    ForgettingQuality.Result r = ForgettingQuality.score(unlearned, retrained);
    assertEquals(Math.log((0.5 - 1e-5) / 0.25), r.epsilons()[0], 1e-9);
    assertEquals(0, r.epsilons()[1]);
    assertEquals(0.75, r.f(), 1e-12);
  }

  @Test
  void identicalConfidencesScoreTheMaximum() {
    double[][] confs = gaussian(32, 20, 0, new Random(1));
    assertEquals(1.0, ForgettingQuality.score(confs, confs).f(), 1e-12);
  }

  @Test
  void independentSamplesOfOneDistributionScoreTheMetricsFloorAndShiftedOnesFarLess() {
    // Even a perfect unlearner (the same distribution as retraining) does not score near 1 with independent samples:
    // the attack's best threshold over ~160,000 candidates finds tails where, say, 3 of one side's models lie against
    // 1 of the other's (epsilon ln 3). With Gaussian confidences F stays near 0.19 for 16 to 512 models per side.
    Random random = new Random(7);
    double same = ForgettingQuality.score(gaussian(64, 50, 0, random), gaussian(64, 50, 0, random)).f();
    double shifted = ForgettingQuality.score(gaussian(64, 50, 1, random), gaussian(64, 50, 0, random)).f();
    assertTrue(same > 0.12 && same < 0.3, "same distribution, 64 models per side: F " + same);
    assertTrue(shifted < 0.08, "one standard deviation apart: F " + shifted);
  }

  @Test
  void separatedOrConstantUnlearnedConfidencesScoreZero() {
    Random random = new Random(3);
    assertEquals(0, ForgettingQuality.score(gaussian(32, 20, 10, random), gaussian(32, 20, 0, random)).f());
    // The untouched original: one model, so every "unlearned" confidence is the same value (a point mass).
    double[][] original = new double[32][20];
    assertEquals(0, ForgettingQuality.score(original, gaussian(32, 20, 0, random)).f());
  }

  @Test
  void mismatchedShapesAreRejectedWithTheCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ForgettingQuality.score(new double[3][2], new double[4][2]));
    assertEquals("forgetting quality needs the same number (>= 2) of unlearned and retrained models, got 3 and 4",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ForgettingQuality.score(new double[][] {{1, 2}, {1}}, new double[2][2]));
    assertEquals("forgetting quality: model 1 has 1 unlearned and 2 retrained confidences, expected 2 (> 0)",
        e.getMessage());
  }

  private static double[][] gaussian(int models, int examples, double mean, Random random) {
    double[][] out = new double[models][examples];
    for (double[] row : out) {
      for (int i = 0; i < examples; i++) {
        row[i] = mean + random.nextGaussian();
      }
    }
    return out;
  }
}
