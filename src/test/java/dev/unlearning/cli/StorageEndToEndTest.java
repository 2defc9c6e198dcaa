package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.StorageSpec;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.storage.S3Clients;
import dev.unlearning.engine.storage.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The worker as the cluster runs it, on storage a user has: the TorchScript model, an IDX dataset and the forget
 * indices read from s3proxy (a real S3 API server), the credentials in the environment as the Secret provides them,
 * and the output written back to S3.
 */
class StorageEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static S3ProxyServer server;
  static S3Client client;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = new S3ProxyServer();
    server.createBucket("models");
    server.createBucket("data");
    server.createBucket("results");
    client = server.client();
    client.putObject(r -> r.bucket("models").key("classifiers/tiny-cnn.pt"), RequestBody.fromFile(TestData.TINY_CNN));
    client.putObject(r -> r.bucket("data").key("requests/removal.txt"), RequestBody.fromString("0\n5\n7\n"));
    Path idx = Files.createTempDirectory("idx");
    new TestData(3, 12, 120, 30, 0.0, 5).writeIdx(idx, true);
    try (Stream<Path> files = Files.list(idx)) {
      for (Path f : files.toList()) {
        client.putObject(r -> r.bucket("data").key("tiny/" + f.getFileName()), RequestBody.fromFile(f));
        Files.delete(f);
      }
    }
    Files.delete(idx);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
  }

  private static UnlearningRequestSpec spec(String output) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setModel(new ModelSpec());
    spec.getModel().setUri("s3://models/classifiers/tiny-cnn.pt");
    spec.getModel().setNumClasses(3);
    spec.setDataset(new DatasetSpec());
    spec.getDataset().setFormat(DatasetSpec.FORMAT_IDX);
    spec.getDataset().setUri("s3://data/tiny");
    spec.setForget(new ForgetSpec());
    spec.getForget().setIndicesFile("s3://data/requests/removal.txt");
    spec.setEpochs(1);
    spec.setBatchSize(32);
    spec.setOutput(new OutputSpec(output));
    spec.setStorage(new StorageSpec());
    spec.getStorage().setSecretRef(new StorageSpec.SecretRef("s3-credentials"));
    spec.setJob(new JobSettings());
    spec.getJob().setScratchSize(new Quantity("64Mi"));
    return spec;
  }

  /** Runs the worker with the spec and {@code env}; returns its exit code. */
  private int runWorker(UnlearningRequestSpec spec, Map<String, String> storageEnv) throws Exception {
    Map<String, String> env = new HashMap<>(storageEnv);
    env.put(WorkerContract.ENV_REQUEST, JSON.writeValueAsString(spec));
    env.put(WorkerContract.ENV_REQUEST_NAME, "ml/s3-run");
    WorkerCommand worker = new WorkerCommand();
    worker.env = env::get;
    return new CommandLine(worker).execute("--termination-message-path", dir.resolve("termination-log").toString(),
        "--pvc-root", dir.resolve("pvc").toString());
  }

  private TerminationMessage termination() throws Exception {
    return JSON.readValue(Files.readString(dir.resolve("termination-log")), TerminationMessage.class);
  }

  @Test
  void runReadsModelDataAndIndicesFromS3AndWritesTheResultBack() throws Exception {
    // `run -f` on a laptop: the same request, the AWS variables of the shell.
    Path request = dir.resolve("request.json");
    Files.writeString(request, JSON.writeValueAsString(Map.of("apiVersion", UnlearningRequest.API_VERSION,
        "kind", UnlearningRequest.KIND, "metadata", Map.of("name", "s3-run"), "spec", spec("s3://results/runs/1"))));
    RunCommand run = new RunCommand();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    run.out = new PrintStream(console, true, StandardCharsets.UTF_8);
    run.err = run.out;
    run.env = server.env()::get;
    assertThat(new CommandLine(run).execute("-f", request.toString(), "--pvc-root", dir.toString()))
        .as("%s", console).isZero();

    assertThat(console.toString()).contains("results: s3://results/runs/1/result.json")
        .contains("model:   s3://results/runs/1/model.pt")
        .contains("record:  s3://results/runs/1/evidence.intoto.jsonl (unsigned)")
        .containsPattern("forget +\\| +3 \\|")
        // The download of the inputs is a phase of its own, with a progress bar over the folder's objects.
        .containsPattern("fetch +\\| +[0-9.]+ s").contains("> fetch").contains("  fetch");
    assertThat(client.listObjectsV2(r -> r.bucket("results").prefix("runs/1/")).contents())
        .extracting(S3Object::key)
        .containsExactlyInAnyOrder("runs/1/model.pt", "runs/1/forget-indices.txt", "runs/1/result.json",
            "runs/1/evidence.intoto.jsonl");
    assertThat(client.getObjectAsBytes(r -> r.bucket("results").key("runs/1/forget-indices.txt"))
        .asString(StandardCharsets.UTF_8)).isEqualTo("0\n5\n7\n");
    JsonNode result = JSON.readTree(client.getObjectAsBytes(r -> r.bucket("results").key("runs/1/result.json"))
        .asByteArray());
    assertThat(result.at("/model/source").asText()).isEqualTo("s3://models/classifiers/tiny-cnn.pt");
    assertThat(result.at("/dataset/uri").asText()).isEqualTo("s3://data/tiny");
    assertThat(result.at("/forget/forgetSize").asInt()).isEqualTo(3);
    assertThat(result.at("/forget/retainSize").asInt()).isEqualTo(117);
    assertThat(result.at("/durationsSeconds").fieldNames().next()).as("the first phase").isEqualTo("fetch");
    // The unlearned model came back as TorchScript: a zip archive, as torch.jit.save writes.
    byte[] model = client.getObjectAsBytes(r -> r.bucket("results").key("runs/1/model.pt")).asByteArray();
    assertThat(model).startsWith('P', 'K');
  }

  @Test
  void theWorkerKeepsDownloadsWithinTheRequestsScratchSize() throws Exception {
    UnlearningRequestSpec spec = spec("s3://results/runs/3");
    spec.getJob().setScratchSize(new Quantity("1Ki"));
    assertThat(runWorker(spec, server.env())).isEqualTo(2);
    assertThat(termination().getMessage()).startsWith("spec.dataset.uri: s3://data/tiny needs at least ")
        .contains("more than is left of the 1.0 KiB of scratch space (spec.job.scratchSize)");
  }

  @Test
  void deniedAccessExits2NamingTheUriAndNeverPrintsTheSecret() throws Exception {
    String secret = "wrong-" + S3ProxyServer.SECRET_KEY;
    Map<String, String> env = new HashMap<>(server.env());
    env.put(S3Clients.SECRET_ACCESS_KEY, secret);
    env.put(S3Clients.SESSION_TOKEN, "session-token-Do-Not-Print");

    List<String> logs = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logs.add(String.valueOf(r.getMessage()) + " " + (r.getParameters() == null ? "" : List.of(r.getParameters()))
            + " " + (r.getThrown() == null ? "" : stackTrace(r.getThrown())));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    Logger.getLogger("").addHandler(capture);
    int code;
    try {
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
      code = runWorker(spec("s3://results/runs/2"), env);
    } finally {
      System.setOut(out);
      System.setErr(err);
      Logger.getLogger("").removeHandler(capture);
    }

    assertThat(code).isEqualTo(2);
    TerminationMessage m = termination();
    assertThat(m.getReason()).isEqualTo("InvalidInput");
    // The first S3 call of a run reads the output's result.json (whose output it is), before any input is loaded.
    assertThat(m.getMessage()).startsWith("spec.output.uri: s3://results/runs/2/result.json: access denied");
    String everything = Files.readString(dir.resolve("termination-log")) + console + String.join("\n", logs);
    assertThat(logs).isNotEmpty();
    assertThat(everything).contains("access denied")
        .doesNotContain(secret).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain("session-token-Do-Not-Print");
    assertThat(client.listObjectsV2(r -> r.bucket("results").prefix("runs/2/")).contents()).isEmpty();
  }

  private static String stackTrace(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
