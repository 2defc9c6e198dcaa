package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The gaps to retraining as SalUn's Table 1 computes them, and the challenge's utility. */
class ResultGapsTest {

  static Accuracies acc(double retain, double forget, double test, Double mia) {
    Accuracies a = new Accuracies(retain, forget, test);
    a.setMia(mia);
    return a;
  }

  @Test
  void signedPointsAverageOfAbsoluteValuesAndUtility() {
    // The first row: the untouched original against the retrained model (10% forget).
    ResultGaps g = ResultGaps.between(acc(0.9919, 0.9925, 0.8934, 0.5608), acc(0.9914, 0.8920, 0.8885, 0.5021));
    assertThat(g.getRetain()).isEqualTo(0.05);
    assertThat(g.getForget()).isEqualTo(10.05);
    assertThat(g.getTest()).isEqualTo(0.49);
    assertThat(g.getMia()).isEqualTo(5.87);
    assertThat(g.getAverage()).isCloseTo(4.115, within(0.006));
    assertThat(g.getUtility()).isEqualTo(Math.round(0.9919 / 0.9914 * 0.8934 / 0.8885 * 10_000) / 10_000.0);

    ResultGaps below = ResultGaps.between(acc(0.8860, 0.8755, 0.8643, 0.5085), acc(0.9914, 0.8920, 0.8885, 0.5021));
    assertThat(below.getRetain()).isEqualTo(-10.54);
    assertThat(below.getForget()).isEqualTo(-1.65);
    assertThat(below.getAverage()).isEqualTo(3.81);
    assertThat(below.getUtility()).isLessThan(1.0);
  }

  @Test
  void withoutMiaThereIsNoAverage() {
    ResultGaps g = ResultGaps.between(acc(0.9, 0.8, 0.85, null), acc(0.9, 0.8, 0.85, 0.5));
    assertThat(g.getMia()).isNull();
    assertThat(g.getAverage()).isNull();
    assertThat(g.getRetain()).isZero();
    assertThat(g.getUtility()).isEqualTo(1.0);
  }
}
