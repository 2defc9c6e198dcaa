package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.storage.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An output records whose it is, and a run refuses, before it loads anything, a location that holds another
 * request's result (exit code 2, both requests and the location named) unless spec.output.overwrite is true; the
 * same request (a re-run, a retry of its Job) replaces its own output. Local paths with `run -f`, a claim path and
 * s3:// (s3proxy) with the worker as the cluster runs it.
 */
class OutputOwnershipTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A dataset that does not exist: a run refused for its output never gets as far as reading it. */
  private static final String NO_DATA = "/nonexistent/dataset";

  static Path data;

  @TempDir
  Path dir;
  String console;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("ownership-idx");
    new TestData(3, 12, 120, 30, 0.0, 5).writeIdx(data, false);
  }

  @Test
  void localRunRefusesAnotherRequestsResultAndReplacesItsOwn() throws Exception {
    Path out = dir.resolve("out");
    assertThat(run("forget-a", spec(data.toString(), out.toString(), 1L))).as(console).isZero();
    JsonNode owner = JSON.readTree(out.resolve("result.json").toFile()).path("owner");
    assertThat(owner.path("name").asText()).isEqualTo("forget-a");
    assertThat(owner.path("file").asText()).isEqualTo("forget-a.yaml");
    assertThat(owner.path("specSha256").asText()).hasSize(64);
    byte[] resultOfA = Files.readAllBytes(out.resolve("result.json"));

    assertThat(run("forget-b", spec(NO_DATA, out.toString(), 2L))).isEqualTo(2);
    assertThat(console).contains("error: spec.output.uri: " + out + " holds the result of another request, request "
        + "forget-a from forget-a.yaml (spec sha256 ").contains("; this is request forget-b from forget-b.yaml")
        .contains("set spec.output.overwrite: true").doesNotContain("dataset");
    assertThat(out.resolve("result.json")).hasBinaryContent(resultOfA);

    assertThat(run("forget-a", spec(data.toString(), out.toString(), 1L))).as("a re-run of a: %s", console).isZero();
    UnlearningRequestSpec replacing = spec(data.toString(), out.toString(), 2L);
    replacing.getOutput().setOverwrite(true);
    assertThat(run("forget-b", replacing)).as(console).isZero();
    assertThat(JSON.readTree(out.resolve("result.json").toFile()).at("/owner/name").asText()).isEqualTo("forget-b");

    // A partial output (no result.json vouches for it) is free; one whose result.json names no owner is not.
    Files.delete(out.resolve("result.json"));
    assertThat(run("forget-a", spec(data.toString(), out.toString(), 1L))).as(console).isZero();
    Files.writeString(out.resolve("result.json"), "{\"schemaVersion\":1}");
    assertThat(run("forget-a", spec(NO_DATA, out.toString(), 1L))).isEqualTo(2);
    assertThat(console).contains("holds the result of another request, a request it does not name");
  }

  @Test
  void workerOnAClaimTellsRequestsByUid() throws Exception {
    String out = "pvc://results/shared";
    assertThat(worker("ml/forget-a", "uid-1", spec(data.toString(), out, 1L), Map.of())).isZero();
    JsonNode owner = JSON.readTree(dir.resolve("pvc/results/shared/result.json").toFile()).path("owner");
    assertThat(owner.path("namespace").asText() + "/" + owner.path("name").asText() + " " + owner.path("uid").asText())
        .isEqualTo("ml/forget-a uid-1");
    assertThat(owner.path("specSha256").asText()).hasSize(64);
    assertThat(worker("ml/forget-a", "uid-1", spec(data.toString(), out, 1L), Map.of())).as("a retry").isZero();

    assertThat(worker("ml/forget-b", "uid-2", spec(NO_DATA, out, 2L), Map.of())).isEqualTo(2);
    TerminationMessage refused = termination();
    assertThat(refused.getReason()).isEqualTo("InvalidInput");
    assertThat(refused.getMessage()).isEqualTo("spec.output.uri: pvc://results/shared holds the result of another"
        + " request, request ml/forget-a (uid uid-1); this is request ml/forget-b (uid uid-2). Choose another output"
        + " location, or set spec.output.overwrite: true to replace that result");
    assertThat(worker("ml/forget-a", "uid-3", spec(NO_DATA, out, 1L), Map.of()))
        .as("a new object of the same name is another request").isEqualTo(2);
  }

  @Test
  void workerOnS3RefusesAnotherRequestsPrefixUnlessItOverwrites() throws Exception {
    try (S3ProxyServer server = new S3ProxyServer()) {
      server.createBucket("results");
      try (S3Client s3 = server.client()) {
        onS3(server, s3);
      }
    }
  }

  private void onS3(S3ProxyServer server, S3Client s3) throws Exception {
    String out = "s3://results/shared";
    assertThat(worker("ml/forget-a", "uid-1", spec(data.toString(), out, 1L), server.env())).isZero();
    assertThat(worker("ml/forget-a", "uid-1", spec(data.toString(), out, 1L), server.env())).as("a retry").isZero();
    byte[] resultOfA = s3.getObjectAsBytes(r -> r.bucket("results").key("shared/result.json")).asByteArray();

    assertThat(worker("ml/forget-b", "uid-2", spec(NO_DATA, out, 2L), server.env())).isEqualTo(2);
    assertThat(termination().getMessage()).startsWith("spec.output.uri: s3://results/shared holds the result of"
        + " another request, request ml/forget-a (uid uid-1); this is request ml/forget-b (uid uid-2)");
    assertThat(s3.getObjectAsBytes(r -> r.bucket("results").key("shared/result.json")).asByteArray())
        .isEqualTo(resultOfA);

    UnlearningRequestSpec replacing = spec(data.toString(), out, 2L);
    replacing.getOutput().setOverwrite(true);
    assertThat(worker("ml/forget-b", "uid-2", replacing, server.env())).isZero();
    JsonNode owner = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("results").key("shared/result.json"))
        .asByteArray()).path("owner");
    assertThat(owner.path("name").asText()).isEqualTo("forget-b");
    assertThat(owner.path("uid").asText()).isEqualTo("uid-2");
  }

  private static UnlearningRequestSpec spec(String dataset, String output, long forgetSeed) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setModel(new ModelSpec());
    spec.getModel().setUri(TestData.TINY_CNN.toAbsolutePath().toString());
    spec.getModel().setNumClasses(3);
    spec.setDataset(new DatasetSpec());
    spec.getDataset().setFormat(DatasetSpec.FORMAT_IDX);
    spec.getDataset().setUri(dataset);
    spec.setForget(new ForgetSpec());
    spec.getForget().setFraction(0.1);
    spec.getForget().setSeed(forgetSeed);
    spec.setEpochs(1);
    spec.setBatchSize(32);
    spec.setOutput(new OutputSpec(output));
    return spec;
  }

  /** `run -f <name>.yaml`; its console in {@link #console}. */
  private int run(String name, UnlearningRequestSpec spec) throws Exception {
    RequestFileRun.Result r = RequestFileRun.run(dir, name, spec, Map.of(), "--pvc-root", dir.resolve("pvc").toString());
    console = r.console();
    return r.code();
  }

  /** The worker of the Job of request {@code namespacedName} (metadata.uid {@code uid}), as the operator sets it. */
  private int worker(String namespacedName, String uid, UnlearningRequestSpec spec, Map<String, String> storageEnv)
      throws Exception {
    Map<String, String> env = new HashMap<>(storageEnv);
    env.put(WorkerContract.ENV_REQUEST, JSON.writeValueAsString(spec));
    env.put(WorkerContract.ENV_REQUEST_NAME, namespacedName);
    env.put(WorkerContract.ENV_REQUEST_UID, uid);
    WorkerCommand worker = new WorkerCommand();
    worker.env = env::get;
    Files.createDirectories(dir.resolve("pvc/results"));
    return new CommandLine(worker).execute("--termination-message-path", dir.resolve("termination-log").toString(),
        "--pvc-root", dir.resolve("pvc").toString());
  }

  private TerminationMessage termination() throws Exception {
    return JSON.readValue(Files.readString(dir.resolve("termination-log")), TerminationMessage.class);
  }
}
