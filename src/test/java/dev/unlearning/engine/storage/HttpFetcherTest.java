package dev.unlearning.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.Location;
import dev.unlearning.api.WorkerExitCode;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.UnlearningException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP(S) server: success, permanent errors (exit 2), transient ones retried (exit 1). */
class HttpFetcherTest {

  static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20));
  static final byte[] MODEL = "torchscript bytes".getBytes();

  @TempDir
  Path dir;

  @AutoClose
  ScratchSpace scratch = new ScratchSpace(Path.of(System.getProperty("java.io.tmpdir")), OptionalLong.empty());
  final HttpFetcher fetcher = new HttpFetcher(HttpFetcher.defaultClient(), FAST);

  @AutoClose
  LocalHttpServer server = LocalHttpServer.http().file("/models/tiny.pt", MODEL);

  HttpFetcherTest() throws Exception {}

  private Path target;

  private long download(HttpFetcher f, String url) {
    target = scratch.newDirectory("m").resolve("x");
    return f.download("spec.model.uri", Location.parse("spec.model.uri", url), target, scratch);
  }

  @Test
  void downloadsTheFile() throws Exception {
    assertThat(download(fetcher, server.url("/models/tiny.pt"))).isEqualTo(MODEL.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(MODEL);
    assertThat(scratch.used()).isEqualTo(MODEL.length);
  }

  @Test
  void retriesTransientFailuresWithBackoffThenSucceeds() {
    server.failNext(3, 503);
    assertThat(download(fetcher, server.url("/models/tiny.pt"))).isEqualTo(MODEL.length);
    assertThat(server.requests()).hasSize(4).allMatch(r -> r.equals("GET /models/tiny.pt"));
  }

  @Test
  void givesUpAfterTheLastAttemptWithExitCode1() {
    server.failNext(100, 502);
    assertThatThrownBy(() -> download(fetcher, server.url("/models/tiny.pt")))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessage("spec.model.uri: " + server.url("/models/tiny.pt")
            + " could not be downloaded after 4 attempts; last error: HTTP 502")
        .extracting(e -> ((UnlearningException) e).exitCode()).isEqualTo(WorkerExitCode.ERROR);
    assertThat(server.requests()).hasSize(FAST.attempts());
  }

  @Test
  void aClosedPortIsRetriedThenExitCode1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/m.pt";
    assertThatThrownBy(() -> download(fetcher, url))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessage("spec.model.uri: " + url + " could not be downloaded after 4 attempts; last error: "
            + "ConnectException: connection refused");
  }

  @Test
  void missingFileAndDeniedAccessAreInvalidInputAtOnce() {
    server.status("/denied.pt", 403);
    assertThatThrownBy(() -> download(fetcher, server.url("/none.pt")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.model.uri: " + server.url("/none.pt") + " does not exist (HTTP 404)");
    assertThatThrownBy(() -> download(fetcher, server.url("/denied.pt")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.model.uri: " + server.url("/denied.pt") + " denied access (HTTP 403)");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void messagesNeverShowUserInfoOrQuery() {
    String url = server.url("/none.pt").replace("://", "://user:pa55word@") + "?X-Amz-Signature=s1gnature";
    assertThatThrownBy(() -> download(fetcher, url))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.model.uri: " + server.url("/none.pt") + "?... does not exist (HTTP 404)")
        .message().doesNotContain("pa55word").doesNotContain("s1gnature");
  }

  @Test
  void unknownHostIsInvalidInput() {
    assertThatThrownBy(() -> download(fetcher, "http://no-such-host.invalid/model.pt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.model.uri: http://no-such-host.invalid/model.pt: unknown host no-such-host.invalid");
  }

  @Test
  void aFileLargerThanTheScratchSpaceIsInvalidInputAndLeavesNothing() {
    scratch = new ScratchSpace(dir, OptionalLong.of(10));
    assertThatThrownBy(() -> download(fetcher, server.url("/models/tiny.pt")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.model.uri: " + server.url("/models/tiny.pt") + " needs at least 17 B, more than is left of "
            + "the 10 B of scratch space (spec.job.scratchSize) (10 B left); raise spec.job.scratchSize or free space");
    assertThat(scratch.used()).isZero();
  }

  @Test
  void httpsWithAPrivateCaNeedsItInTheTrustStore() throws Exception {
    SelfSignedTls tls = new SelfSignedTls(dir);
    try (LocalHttpServer https = LocalHttpServer.https(tls.server()).file("/m.pt", MODEL)) {
      assertThatThrownBy(() -> download(fetcher, https.url("/m.pt")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("spec.model.uri: " + https.url("/m.pt") + ": TLS handshake failed (")
          .hasMessageContaining("-Djavax.net.ssl.trustStore");
      HttpFetcher trusting = new HttpFetcher(HttpClient.newBuilder().sslContext(tls.trustingClient()).build(), FAST);
      assertThat(download(trusting, https.url("/m.pt"))).isEqualTo(MODEL.length);
    }
  }
}
