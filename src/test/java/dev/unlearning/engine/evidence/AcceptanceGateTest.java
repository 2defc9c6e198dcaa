package dev.unlearning.engine.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.ResultGaps;
import org.junit.jupiter.api.Test;

/** The gate's verdict, at the precision the status shows, and the message that names each missed threshold. */
class AcceptanceGateTest {

  private static final Accuracies ORIGINAL = accuracies(0.99, 0.985, 0.91, 0.71);

  @Test
  void noGateIsNoVerdictAgainstTheModel() {
    AcceptanceGate.Verdict v = AcceptanceGate.judge(null, ORIGINAL, ORIGINAL, null);
    assertThat(v.verdict()).isEqualTo(EvidenceSummary.NOT_GATED);
    assertThat(v.rejected()).isFalse();
    assertThat(v.checks()).isEmpty();
  }

  @Test
  void aModelThatStillRemembersMissesWithEachMeasuredValueNamed() {
    AcceptanceSpec gate = new AcceptanceSpec();
    gate.setMaxForgetAboveTest(3.0);
    gate.setMaxMiaDistance(0.05);
    gate.setMaxRetainDrop(5.0);
    Accuracies unlearned = accuracies(0.96, 0.912, 0.77, 0.681);

    AcceptanceGate.Verdict v = AcceptanceGate.judge(gate, ORIGINAL, unlearned, null);

    assertThat(v.verdict()).isEqualTo(EvidenceSummary.REJECTED);
    assertThat(v.checks()).extracting(AcceptanceGate.Check::threshold, AcceptanceGate.Check::measured,
        AcceptanceGate.Check::met).containsExactly(
            org.assertj.core.groups.Tuple.tuple("maxForgetAboveTest", 14.2, false),
            org.assertj.core.groups.Tuple.tuple("maxMiaDistance", 0.181, false),
            org.assertj.core.groups.Tuple.tuple("maxRetainDrop", 3.0, true));
    assertThat(v.missed()).isEqualTo("forget accuracy 0.9120 is 14.20 points above test accuracy 0.7700 (at most"
        + " 3.00); MIA 0.6810 is 0.1810 from 0.5 (at most 0.0500)");
    assertThat(v.checksLine()).endsWith("retain accuracy 0.9600 is 3.00 points below the original's 0.9900 (at most"
        + " 5.00): met");
  }

  @Test
  void valuesAreComparedAsShownAndAMissingValueIsAMiss() {
    AcceptanceSpec gate = new AcceptanceSpec();
    gate.setMaxForgetAboveTest(3.0);
    gate.setMaxMiaDistance(0.05);
    // 0.880049 - 0.85 is 3.0049 points unrounded; the status shows 0.8800 - 0.8500 = 3.00, which meets 3.
    Accuracies unlearned = accuracies(0.9, 0.880049, 0.85, Double.NaN);
    AcceptanceGate.Verdict v = AcceptanceGate.judge(gate, ORIGINAL, unlearned, null);
    assertThat(v.checks().get(0).met()).isTrue();
    assertThat(v.checks().get(0).measured()).isEqualTo(3.0);
    assertThat(v.checks().get(1).met()).isFalse();
    assertThat(v.missed()).isEqualTo("the MIA score was not measured");
  }

  @Test
  void gapThresholdsAreAbsoluteAndNeedTheReference() {
    AcceptanceSpec gate = new AcceptanceSpec();
    gate.setMaxAvgGap(2.0);
    gate.setMaxForgetGap(1.5);
    Accuracies unlearned = accuracies(0.95, 0.88, 0.88, 0.52);
    Accuracies retrained = accuracies(0.96, 0.90, 0.89, 0.51);
    AcceptanceGate.Verdict v = AcceptanceGate.judge(gate, ORIGINAL, unlearned, ResultGaps.between(unlearned, retrained));
    // gaps: retain -1, forget -2, test -1, MIA +1 (points): Avg Gap 1.25
    assertThat(v.checks()).extracting(AcceptanceGate.Check::measured).containsExactly(1.25, -2.0);
    assertThat(v.rejected()).isTrue();
    assertThat(v.missed()).isEqualTo("forget gap to the retrained reference is -2.00 points (at most 1.50 either way)");
    assertThat(AcceptanceGate.judge(gate, ORIGINAL, unlearned, null).missed())
        .isEqualTo("Avg Gap to the retrained reference was not measured; forget gap to the retrained reference was not"
            + " measured");
  }

  private static Accuracies accuracies(double retain, double forget, double test, double mia) {
    Accuracies a = new Accuracies(retain, forget, test);
    a.setMia(mia);
    return a;
  }
}
