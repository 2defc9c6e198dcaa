package dev.unlearning.engine.storage;

import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * Downloads https:// and http:// locations with the JDK's {@link HttpClient}, retrying transient failures (network
 * errors, HTTP 408, 429 and 5xx) with backoff. TLS trusts the JVM's default trust store, so a private CA is added
 * the standard way: {@code -Djavax.net.ssl.trustStore=...} (e.g. in {@code JAVA_TOOL_OPTIONS}).
 */
public final class HttpFetcher {

  private static final Logger LOG = Logger.getLogger(HttpFetcher.class);

  private final HttpClient client;
  private final RetryPolicy retry;

  public HttpFetcher(HttpClient client, RetryPolicy retry) {
    this.client = client;
    this.retry = retry;
  }

  /** The JDK client with the JVM's default TLS trust, following redirects (pre-signed URLs often redirect). */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * Downloads {@code from} into the new file {@code target} in scratch space.
   *
   * @return the number of bytes downloaded
   * @throws InvalidInputException (exit 2) for a missing file, denied access, unknown host, untrusted certificate or
   *     a file too large for the scratch space
   * @throws StorageUnavailableException (exit 1) when transient failures outlast the retries
   */
  public long download(String field, Location from, Path target, ScratchSpace scratch) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(from.uri())).timeout(Duration.ofMinutes(2)).GET().build();
    for (int attempt = 1; ; attempt++) {
      String failure;
      Throwable cause = null;
      Duration retryAfter = Duration.ZERO;
      try {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          int status = response.statusCode();
          if (status == 200) {
            return save(field, from, response, body, target, scratch);
          }
          if (!transientStatus(status)) {
            throw new InvalidInputException(field + ": " + from.display() + " " + permanentReason(status));
          }
          failure = "HTTP " + status;
          retryAfter = retryAfter(response);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageUnavailableException(field + ": download of " + from.display() + " was interrupted", e);
      } catch (SSLException e) {
        throw new InvalidInputException(field + ": " + from.display() + ": TLS handshake failed (" + e.getMessage()
            + "); a server certificate from a private CA needs that CA in the JVM trust store "
            + "(-Djavax.net.ssl.trustStore, e.g. in JAVA_TOOL_OPTIONS)", e);
      } catch (IOException e) {
        if (unknownHost(e)) {
          throw new InvalidInputException(field + ": " + from.display() + ": unknown host " + request.uri().getHost(), e);
        }
        failure = describe(e);
        cause = e;
      }
      if (attempt >= retry.attempts()) {
        throw new StorageUnavailableException(field + ": " + from.display() + " could not be downloaded after "
            + attempt + " attempts; last error: " + failure, cause);
      }
      Duration wait = max(retry.delayAfter(attempt), retryAfter);
      LOG.warn(field + ": " + from.display() + ": " + failure + "; retrying in " + wait.toMillis() + " ms");
      sleep(wait, field, from);
    }
  }

  private static long save(String field, Location from, HttpResponse<InputStream> response, InputStream body,
      Path target, ScratchSpace scratch) throws IOException {
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent()) {
      scratch.checkFits(length.getAsLong(), field, from);
    }
    long n = scratch.copy(body, target, field, from);
    if (length.isPresent() && n != length.getAsLong()) {
      Files.deleteIfExists(target);
      throw new IOException("connection closed after " + n + " of " + length.getAsLong() + " bytes");
    }
    return n;
  }

  // 408 request timeout, 429 throttling and server errors may pass; anything else will not.
  static boolean transientStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static String permanentReason(int status) {
    switch (status) {
      case 404:
      case 410:
        return "does not exist (HTTP " + status + ")";
      case 401:
      case 403:
        return "denied access (HTTP " + status + ")";
      default:
        return "cannot be downloaded (HTTP " + status + ")";
    }
  }

  // Retry-After in seconds (the HTTP-date form is rare for 503 and 429); at most a minute.
  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Math.min(60, Long.parseLong(v))))
        .orElse(Duration.ZERO);
  }

  private static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        return t.getClass().getSimpleName() + ": " + c.getMessage();
      }
    }
    // The JDK client's ConnectException carries no message at all.
    return t.getClass().getSimpleName() + (t instanceof ConnectException ? ": connection refused" : "");
  }

  private static boolean unknownHost(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void sleep(Duration wait, String field, Location from) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException(field + ": download of " + from.display() + " was interrupted", e);
    }
  }
}
