package dev.unlearning.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.ProgressListener;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Downloads and uploads against s3proxy, a real S3 API server, with the worker's own client configuration. */
class S3StorageTest {

  static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));
  static final int PART = 5 << 20; // S3's smallest part

  static S3ProxyServer server;
  static S3Client client;

  @TempDir
  Path dir;

  @AutoClose
  ScratchSpace scratch = new ScratchSpace(Path.of(System.getProperty("java.io.tmpdir")), OptionalLong.empty());
  /** What the worker's client sent, in order: "put key", "part key", "complete key", "delete key". */
  final List<String> sent = new CopyOnWriteArrayList<>();
  /** Key whose upload the interceptor fails, as a network failure in the middle of the output would. */
  volatile String failKey;

  @BeforeAll
  static void start() throws Exception {
    server = new S3ProxyServer();
    server.createBucket("models");
    client = server.client();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
  }

  private S3Storage storage(Map<String, String> env) {
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Object r = context.request();
        String key = r instanceof PutObjectRequest p ? "put " + p.key()
            : r instanceof UploadPartRequest p ? "part " + p.key()
            : r instanceof CompleteMultipartUploadRequest c ? "complete " + c.key()
            : r instanceof DeleteObjectRequest d ? "delete " + d.key() : null;
        if (key != null) {
          sent.add(key);
          if (failKey != null && key.endsWith(" " + failKey)) {
            throw SdkClientException.create("Unable to execute HTTP request: Connection reset",
                new SocketException("Connection reset"));
          }
        }
      }
    };
    return new S3Storage(S3Clients.builder(env::get, FAST, o -> o.addExecutionInterceptor(recorder)).build(), PART,
        PART, () -> S3Clients.asyncBuilder(env::get, FAST, 4, o -> { }).build(), 4);
  }

  private static Location at(String uri) {
    return Location.parse("spec.model.uri", uri);
  }

  private Path target() {
    return scratch.newDirectory("m").resolve("model.pt");
  }

  private void put(String key, String content) {
    client.putObject(r -> r.bucket("models").key(key), RequestBody.fromString(content));
  }

  private List<String> keys(String prefix) {
    return client.listObjectsV2(r -> r.bucket("models").prefix(prefix)).contents().stream().map(S3Object::key).toList();
  }

  @Test
  void downloadsAnObject() throws Exception {
    put("a/model.pt", "weights");
    Path target = target();
    try (S3Storage s3 = storage(server.env())) {
      assertThat(s3.download("spec.model.uri", at("s3://models/a/model.pt"), target, scratch)).isEqualTo(7);
    }
    assertThat(Files.readString(target)).isEqualTo("weights");
  }

  @Test
  void downloadsEveryObjectBelowAPrefixKeepingItsFolders() throws Exception {
    put("data/set/train/a.bin", "A");
    put("data/set/test/b.bin", "BB");
    put("data/settings.txt", "not below the prefix data/set/");
    Path target = scratch.newDirectory("dataset");
    try (S3Storage s3 = storage(server.env())) {
      assertThat(s3.downloadPrefix("spec.dataset.uri", at("s3://models/data/set"), target, scratch,
          ProgressListener.NONE, "fetch")).isEqualTo(2);
    }
    assertThat(Files.readString(target.resolve("train/a.bin"))).isEqualTo("A");
    assertThat(Files.readString(target.resolve("test/b.bin"))).isEqualTo("BB");
    assertThat(target.resolve("settings.txt")).doesNotExist();
  }

  @Test
  void anEmptyPrefixIsInvalidInput() {
    try (S3Storage s3 = storage(server.env())) {
      assertThatThrownBy(() -> s3.downloadPrefix("spec.dataset.uri", at("s3://models/nothing/here/"),
          scratch.newDirectory("d"), scratch, ProgressListener.NONE, "fetch"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("spec.dataset.uri: no objects under s3://models/nothing/here/");
    }
  }

  @Test
  void uploadsLargeFilesInPartsAndResultJsonLastReplacingTheOldOne() throws Exception {
    Path out = output(PART + 1);
    put("runs/1/result.json", "an earlier run");
    try (S3Storage s3 = storage(server.env())) {
      s3.uploadDirectory("spec.output.uri", Location.parse("spec.output.uri", "s3://models/runs/1"), out, "result.json");
    }
    assertThat(sent).containsExactly("delete runs/1/result.json", "put runs/1/forget-indices.txt",
        "part runs/1/model.pt", "part runs/1/model.pt", "complete runs/1/model.pt", "put runs/1/sub/x.txt",
        "put runs/1/result.json");
    assertThat(keys("runs/1/")).containsExactlyInAnyOrder("runs/1/model.pt", "runs/1/result.json",
        "runs/1/forget-indices.txt", "runs/1/sub/x.txt");
    assertThat(client.getObjectAsBytes(r -> r.bucket("models").key("runs/1/model.pt")).asByteArray())
        .isEqualTo(Files.readAllBytes(out.resolve("model.pt")));
    assertThat(client.getObjectAsBytes(r -> r.bucket("models").key("runs/1/result.json"))
        .asString(StandardCharsets.UTF_8)).isEqualTo("{\"run\": 2}");
  }

  @Test
  void aFailedUploadNamesTheObjectAndLeavesNoResultJson() throws Exception {
    Path out = output(100);
    put("runs/2/result.json", "an earlier run");
    failKey = "runs/2/model.pt";
    try (S3Storage s3 = storage(server.env())) {
      assertThatThrownBy(() -> s3.uploadDirectory("spec.output.uri",
          Location.parse("spec.output.uri", "s3://models/runs/2/"), out, "result.json"))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessage("spec.output.uri: upload of s3://models/runs/2/model.pt failed after retries: Unable to execute "
              + "HTTP request: Connection reset");
    }
    assertThat(keys("runs/2/")).containsExactly("runs/2/forget-indices.txt");
  }

  @Test
  void wrongCredentialsAreDeniedWithoutPrintingThem() {
    put("a/model.pt", "weights");
    Map<String, String> env = new HashMap<>(server.env());
    env.put(S3Clients.SECRET_ACCESS_KEY, "wrong-" + S3ProxyServer.SECRET_KEY);
    try (S3Storage s3 = storage(env)) {
      assertThatThrownBy(() -> s3.download("spec.model.uri", at("s3://models/a/model.pt"), target(), scratch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("spec.model.uri: s3://models/a/model.pt: access denied (SignatureDoesNotMatch); "
              + "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY")
          .message().doesNotContain(S3ProxyServer.SECRET_KEY);
    }
  }

  @Test
  void missingObjectAndBucketAreInvalidInput() {
    try (S3Storage s3 = storage(server.env())) {
      assertThatThrownBy(() -> s3.download("spec.model.uri", at("s3://models/none.pt"), target(), scratch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.model.uri: s3://models/none.pt does not exist (NoSuchKey)");
      assertThatThrownBy(() -> s3.download("spec.model.uri", at("s3://no-bucket/m.pt"), target(), scratch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.model.uri: s3://no-bucket/m.pt: bucket 'no-bucket' does not exist (NoSuchBucket)");
    }
  }

  @Test
  void anUnknownEndpointHostIsInvalidInput() {
    Map<String, String> env = new HashMap<>(server.env());
    env.put(S3Clients.ENDPOINT_URL_S3, "http://no-such-host.invalid:9000");
    try (S3Storage s3 = storage(env)) {
      assertThatThrownBy(() -> s3.download("spec.model.uri", at("s3://models/m.pt"), target(), scratch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("spec.model.uri: s3://models/m.pt: unknown host");
    }
  }

  @Test
  void anObjectLargerThanTheScratchSpaceIsInvalidInput() {
    put("a/big.pt", "0123456789");
    scratch = new ScratchSpace(dir.resolve("small"), OptionalLong.of(4));
    try (S3Storage s3 = storage(server.env())) {
      assertThatThrownBy(() -> s3.download("spec.model.uri", at("s3://models/a/big.pt"), target(), scratch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("spec.model.uri: s3://models/a/big.pt needs at least 10 B, more than is left of "
              + "the 4 B of scratch space (spec.job.scratchSize)");
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetriedWithBackoff() throws Exception {
    try (LocalHttpServer flaky = LocalHttpServer.http().file("/models/m.pt", "weights".getBytes())) {
      Map<String, String> env = new HashMap<>(server.env());
      env.put(S3Clients.ENDPOINT_URL_S3, flaky.endpoint());
      try (S3Storage s3 = storage(env)) {
        flaky.failNext(2, 503);
        Path target = target();
        assertThat(s3.download("spec.model.uri", at("s3://models/m.pt"), target, scratch)).isEqualTo(7);
        assertThat(Files.readString(target)).isEqualTo("weights");
        assertThat(flaky.requests()).containsExactly("GET /models/m.pt attempt=1; max=3",
            "GET /models/m.pt attempt=2; max=3", "GET /models/m.pt attempt=3; max=3");

        flaky.failNext(100, 503);
        assertThatThrownBy(() -> s3.download("spec.model.uri", at("s3://models/m.pt"), target(), scratch))
            .isInstanceOf(StorageUnavailableException.class)
            .hasMessage("spec.model.uri: s3://models/m.pt failed after retries (SlowDown)");
        assertThat(flaky.requests()).hasSize(3 + FAST.attempts());
      }
    }
  }

  private Path output(int modelBytes) throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("sub"));
    byte[] model = new byte[modelBytes];
    new Random(1).nextBytes(model);
    Files.write(out.resolve("model.pt"), model);
    Files.writeString(out.resolve("forget-indices.txt"), "1\n2\n");
    Files.writeString(out.resolve("sub/x.txt"), "x");
    Files.writeString(out.resolve("result.json"), "{\"run\": 2}");
    return out;
  }
}
