package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private static final Instant NOW = Instant.parse("2026-11-27T11:30:12.345Z");

  @Test
  void percentAndRemainingTimeComeFromTheEpochsDoneAndTheirTime() {
    Progress p = ProgressLine.of("fineTune", 2, 5, 0.4321, Duration.ofSeconds(20), NOW);

    assertThat(p.getPercent()).isEqualTo(40);
    // 10 s per epoch so far, 3 epochs to go.
    assertThat(p.getRemainingSeconds()).isEqualTo(30L);
    assertThat(p.getSummary()).isEqualTo("fineTune 2/5 40%");
    assertThat(p.getLoss()).isEqualTo(0.4321);
    assertThat(p.getTime()).isEqualTo("2026-11-27T11:30:12Z");
    assertThat(ProgressLine.of("retrain", 3, 3, Double.NaN, Duration.ofSeconds(9), NOW))
        .satisfies(done -> {
          assertThat(done.getPercent()).isEqualTo(100);
          assertThat(done.getRemainingSeconds()).isZero();
          assertThat(done.getLoss()).as("a diverged loss is no number in JSON").isNull();
        });
  }

  @Test
  void aFetchReportsObjectsBytesRateAndTheTimeLeft() {
    Progress p = ProgressLine.ofTransfer("fetch", 1_200, 12_000, 6_000_000, 60_000_000, Duration.ofSeconds(4), NOW);

    assertThat(p.getSummary()).isEqualTo("fetch 1200/12000 10%");
    assertThat(p.getObjectsPerSecond()).isEqualTo(300.0);
    assertThat(p.getRemainingSeconds()).as("10,800 objects at 300/s").isEqualTo(36);
    assertThat(p.getBytesDone()).isEqualTo(6_000_000);
    assertThat(p.getBytes()).isEqualTo(60_000_000);
    Progress back = ProgressLine.parse("2026-12-05 INFO " + ProgressLine.format(p)).orElseThrow();
    assertThat(back.getObjectsDone()).isEqualTo(1_200);
    assertThat(back.getObjects()).isEqualTo(12_000);
    assertThat(back.getEpoch()).as("no epochs in a fetch").isNull();
    assertThat(ProgressLine.ofTransfer("fetch", 0, 10, 0, 100, Duration.ZERO, NOW).getRemainingSeconds())
        .as("no rate yet, no estimate").isNull();
  }

  @Test
  void aLineReadsBackBehindAnyLogPrefix() {
    String line = ProgressLine.format(ProgressLine.of("pretrain", 1, 4, 1.25, Duration.ofSeconds(7), NOW));

    assertThat(line).startsWith("UNLEARNING_PROGRESS {").doesNotContain("\n");
    Progress read = ProgressLine.parse("2026-11-27T11:30:12.5Z stdout F " + line).orElseThrow();
    assertThat(read.getSummary()).isEqualTo("pretrain 1/4 25%");
    assertThat(read.getRemainingSeconds()).isEqualTo(21L);
    assertThat(read.getLoss()).isEqualTo(1.25);
  }

  @Test
  void theNewestProgressLineOfALogTailWins() {
    String log = String.join("\n",
        ProgressLine.format(ProgressLine.of("fineTune", 1, 5, 0.9, Duration.ofSeconds(10), NOW)),
        "INFO [request] fineTune epoch 2: loss 0.8000, accuracy 0.7000",
        ProgressLine.format(ProgressLine.of("fineTune", 2, 5, 0.8, Duration.ofSeconds(20), NOW)),
        "UNLEARNING_PROGRESS {\"phase\": \"fineTune\", \"epoch\": 3, broken",
        "INFO [request] fineTune finished in 50.0 s");

    assertThat(ProgressLine.last(log)).get().extracting(Progress::getEpoch).isEqualTo(2);
  }

  @Test
  void aLogWithoutAProgressLineHasNoProgress() {
    assertThat(ProgressLine.last(null)).isEmpty();
    assertThat(ProgressLine.last("INFO [request] load started\nINFO [request] load finished in 1.0 s")).isEmpty();
    assertThat(ProgressLine.parse("UNLEARNING_PROGRESS not json")).isEmpty();
    assertThat(ProgressLine.parse("UNLEARNING_PROGRESS {\"epoch\": 1}")).as("no phase").isEmpty();
    assertThat(ProgressLine.parse("UNLEARNING_PROGRESS {\"phase\": \"fineTune\", \"later\": true}"))
        .as("a newer worker's extra field").get().extracting(Progress::getPhase).isEqualTo("fineTune");
  }
}
