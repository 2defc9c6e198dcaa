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
  }
}
