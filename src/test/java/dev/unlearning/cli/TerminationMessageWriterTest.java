package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.WorkerExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageWriterTest {

  private final ObjectMapper json = new ObjectMapper();

  static ResultSummary summary() {
    ResultSummary s = new ResultSummary();
    s.setOriginal(new Accuracies(0.98, 0.97, 0.88));
    s.setUnlearned(new Accuracies(0.93, 0.89, 0.87));
    s.setRetainSize(9000);
    s.setForgetSize(1000);
    s.setTestSize(2000);
    s.setForgetIndicesSha256("ab".repeat(32));
    for (String phase : new String[] {"load", "pretrain", "evaluateOriginal", "confuse", "fineTune",
        "evaluateUnlearned", "save", "total"}) {
      s.getDurationsSeconds().put(phase, 12.345);
    }
    s.setDevice("cpu()");
    return s;
  }

  @Test
  void successCarriesTheResultsAndStaysSmall() throws Exception {
    String text = TerminationMessageWriter.render(TerminationMessage.succeeded(summary()));
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThan(1024);
    TerminationMessage back = json.readValue(text, TerminationMessage.class);
    assertThat(back.getOutcome()).isEqualTo("Succeeded");
    assertThat(back.getResults().getUnlearned().getForget()).isEqualTo(0.89);
    assertThat(back.getResults().getForgetSize()).isEqualTo(1000);
  }

  @Test
  void compactAccuraciesAreRoundedTo4Decimals() {
    dev.unlearning.api.Accuracies a = new dev.unlearning.api.Accuracies(0.8666666666666667, 0.833, 1.0 / 3);
    a.setMia(0.48250000000000004);
    dev.unlearning.api.Accuracies r = a.rounded();
    assertThat(r.getRetain()).isEqualTo(0.8667);
    assertThat(r.getForget()).isEqualTo(0.833);
    assertThat(r.getTest()).isEqualTo(0.3333);
    assertThat(r.getMia()).isEqualTo(0.4825);
  }

  @Test
  void aHugeErrorIsShortenedToValidJsonUnder4096Bytes() throws Exception {
    String huge = "x".repeat(10_000) + "é".repeat(3000);
    String text = TerminationMessageWriter.render(TerminationMessage.failed(WorkerExitCode.INVALID_INPUT, huge));
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    TerminationMessage back = json.readValue(text, TerminationMessage.class);
    assertThat(back.getReason()).isEqualTo("InvalidInput");
    assertThat(back.getMessage()).startsWith("xxxx").endsWith("...");
  }

  @Test
  void writesTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("termination-log");
    new TerminationMessageWriter(f).write(TerminationMessage.failed(WorkerExitCode.DIVERGED, "loss is NaN"));
    assertThat(Files.readString(f)).isEqualTo("{\"outcome\":\"Failed\",\"reason\":\"Diverged\",\"message\":\"loss is NaN\"}");
  }
}
