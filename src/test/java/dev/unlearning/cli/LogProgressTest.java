package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Progress;
import dev.unlearning.api.ProgressLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worker's progress lines while a folder is fetched: what the operator reads into status.progress. */
class LogProgressTest {

  @Test
  void aFetchPrintsAProgressLineAtItsStartEveryFewSecondsAndAtItsEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogProgress progress = new LogProgress("ns/r", new PrintStream(bytes, true, StandardCharsets.UTF_8));
    for (int done = 0; done <= 500; done++) {
      progress.transferProgress("fetch", done, 500, done * 1_000L, 500_000, Duration.ofMillis(done * 2L));
    }
    List<Progress> lines = bytes.toString(StandardCharsets.UTF_8).lines().map(ProgressLine::parse)
        .flatMap(Optional::stream).toList();
    // 501 updates within a second: the first and the last, not one line per object.
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).getSummary()).isEqualTo("fetch 0/500 0%");
    assertThat(lines.get(1).getSummary()).isEqualTo("fetch 500/500 100%");
    assertThat(lines.get(1).getBytesDone()).isEqualTo(500_000);
    assertThat(lines.get(1).getObjectsPerSecond()).isEqualTo(500.0);
    assertThat(lines.get(1).getRemainingSeconds()).isZero();
  }
}
