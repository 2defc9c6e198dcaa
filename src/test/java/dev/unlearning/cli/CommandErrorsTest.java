package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.WorkerContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input ends with one message naming the field or file and exit code 2, in both commands. */
class CommandErrorsTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    RunCommand cmd = new RunCommand();
    cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    cmd.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new CommandLine(cmd).execute(args);
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runWithMissingFileExits2AndNamesIt() {
    Path missing = dir.resolve("missing.yaml");
    assertThat(run("-f", missing.toString())).isEqualTo(2);
    assertThat(errText()).isEqualTo("error: request file " + missing + ": not found" + System.lineSeparator());
  }

  @Test
  void runWithInvalidSpecExits2AndNamesTheField() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, """
        apiVersion: unlearning.dev/v1alpha1
        kind: UnlearningRequest
        metadata: {name: bad}
        spec:
          model: {architecture: small-cnn}
          dataset: {format: idx, uri: data}
          forget: {fraction: 1.5}
          output: {uri: out}
        """);
    assertThat(run("-f", f.toString())).isEqualTo(2);
    assertThat(errText()).contains("error: spec.forget.fraction: must be > 0 and < 1 (got 1.5)");
  }

  private WorkerCommand worker(Map<String, String> env, Path termination) {
    WorkerCommand w = new WorkerCommand();
    w.env = env::get;
    w.terminationMessagePath = termination;
    w.pvcRoot = dir;
    return w;
  }

  @Test
  void workerWithoutRequestExits2AndSaysSoInTheTerminationMessage() throws Exception {
    Path term = dir.resolve("termination-log");
    int code = new CommandLine(worker(Map.of(), term)).execute("--termination-message-path", term.toString());
    assertThat(code).isEqualTo(2);
    TerminationMessage m = new ObjectMapper().readValue(Files.readString(term), TerminationMessage.class);
    assertThat(m.getOutcome()).isEqualTo("Failed");
    assertThat(m.getReason()).isEqualTo("InvalidInput");
    assertThat(m.getMessage()).isEqualTo(
        "no request: set the environment variable " + WorkerContract.ENV_REQUEST + " or pass --file");
  }

  @Test
  void workerWithInvalidSpecNamesTheField() throws Exception {
    Path term = dir.resolve("termination-log");
    String spec = "{\"model\":{\"architecture\":\"small-cnn\"},\"dataset\":{\"format\":\"idx\",\"uri\":\"d\"},"
        + "\"forget\":{\"fraction\":0.1},\"noiseStd\":-1,\"output\":{\"uri\":\"o\"}}";
    int code = new CommandLine(worker(Map.of(WorkerContract.ENV_REQUEST, spec), term))
        .execute("--termination-message-path", term.toString());
    assertThat(code).isEqualTo(2);
    TerminationMessage m = new ObjectMapper().readValue(Files.readString(term), TerminationMessage.class);
    assertThat(m.getMessage()).isEqualTo("spec.noiseStd: must be >= 0 (got -1.0)");
  }
}
