package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.Progress;
import dev.unlearning.api.ProgressLine;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The worker as the operator runs it: spec JSON in the environment, outcome in the termination message. */
class WorkerCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private UnlearningRequestSpec spec;
  private Path termination;

  @BeforeEach
  void data() throws Exception {
    new TestData(3, 12, 240, 60, 0.0, 5).writeIdx(dir.resolve("data"), true);
    spec = TestData.spec(dir.resolve("data"), dir.resolve("out"), 3);
    termination = dir.resolve("termination-log");
  }

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  private int runWorker() throws Exception {
    WorkerCommand worker = new WorkerCommand();
    worker.progressOut = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    worker.env = Map.of(WorkerContract.ENV_REQUEST, JSON.writeValueAsString(spec),
        WorkerContract.ENV_REQUEST_NAME, "ns/req")::get;
    return new CommandLine(worker).execute("--termination-message-path", termination.toString(),
        "--pvc-root", dir.toString());
  }

  @Test
  void successWritesTheResultsTheOperatorReads() throws Exception {
    assertThat(runWorker()).isZero();
    String text = Files.readString(termination, StandardCharsets.UTF_8);
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
    TerminationMessage m = JSON.readValue(text, TerminationMessage.class);
    assertThat(m.getOutcome()).isEqualTo("Succeeded");
    assertThat(m.getResults().getForgetSize()).isEqualTo(48);
    assertThat(m.getResults().getRetainSize()).isEqualTo(192);
    assertThat(m.getResults().getTestSize()).isEqualTo(60);
    // The operator sees the numbers of result.json, rounded to 4 decimals.
    JsonNode result = JSON.readTree(dir.resolve("out/result.json").toFile());
    for (String model : List.of("original", "unlearned")) {
      Accuracies reported = model.equals("original") ? m.getResults().getOriginal() : m.getResults().getUnlearned();
      assertThat(reported.getRetain()).as(model).isCloseTo(result.path(model).path("retain").asDouble(), within(5e-5));
      assertThat(reported.getForget()).as(model).isCloseTo(result.path(model).path("forget").asDouble(), within(5e-5));
      assertThat(reported.getTest()).as(model).isCloseTo(result.path(model).path("test").asDouble(), within(5e-5));
      assertThat(reported.getMia()).as(model).isCloseTo(result.path(model).path("mia").asDouble(), within(5e-5));
    }
    assertThat(m.getResults().getForgetIndicesSha256()).isEqualTo(result.at("/forget/indicesSha256").asText());
    // The progress lines the operator reads from the pod log: one per epoch (1 of pretraining, 1 of fine-tuning).
    List<Progress> progress = stdout.toString(StandardCharsets.UTF_8).lines().map(ProgressLine::parse)
        .flatMap(Optional::stream).toList();
    assertThat(progress).extracting(Progress::getSummary).containsExactly("pretrain 1/1 100%", "fineTune 1/1 100%");
    assertThat(progress).allSatisfy(p -> {
      assertThat(p.getLoss()).isPositive();
      assertThat(p.getRemainingSeconds()).isZero();
      assertThat(p.getTime()).isNotNull();
    });
  }

  @Test
  void divergedTrainingExits3AndSaysWhy() throws Exception {
    spec.setNoiseStd(1e38);
    assertThat(runWorker()).isEqualTo(3);
    TerminationMessage m = JSON.readValue(Files.readString(termination), TerminationMessage.class);
    assertThat(m.getOutcome()).isEqualTo("Failed");
    assertThat(m.getReason()).isEqualTo("Diverged");
    assertThat(m.getMessage()).contains("training diverged").contains("spec.noiseStd");
    assertThat(dir.resolve("out/result.json")).doesNotExist();
  }
}
