package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultTableTest {

  @Test
  void showsOriginalVersusUnlearnedPerSetAndTheDurations() {
    String table = ResultTable.render(TerminationMessageWriterTest.summary());
    assertThat(table).contains(
        "set    | samples | original | unlearned",
        "retain |    9000 |    98.0% |     93.0%",
        "forget |    1000 |    97.0% |     89.0%",
        "test   |    2000 |    88.0% |     87.0%",
        "fineTune          |   12.3 s",
        "device: cpu()");
    assertThat(table).doesNotContain("retrained");
    assertThat(table).contains("gaps to retraining: need spec.reference.retrain: true");
  }

  @Test
  void showsTheRetrainedReferenceAndTheMiaScoreAsAScore() {
    var s = TerminationMessageWriterTest.summary();
    s.getOriginal().setMia(0.555);
    s.getUnlearned().setMia(0.483);
    s.setRetrained(new dev.unlearning.api.Accuracies(0.91, 0.86, 0.865));
    s.getRetrained().setMia(0.49);
    String table = ResultTable.render(s);
    assertThat(table).contains(
        "set       | samples | original | unlearned | retrained",
        "forget    |    1000 |    97.0% |     89.0% |     86.0%",
        "MIA score |         |    0.555 |     0.483 |     0.490");
    s.setGaps(dev.unlearning.api.ResultGaps.between(s.getUnlearned(), s.getRetrained()));
    assertThat(ResultTable.render(s)).contains("gaps to retraining (points): retain +2.00, forget +3.00, test +0.50, "
        + "MIA x 100 -0.70; Avg Gap 1.55; utility 1.0279");
  }
}
