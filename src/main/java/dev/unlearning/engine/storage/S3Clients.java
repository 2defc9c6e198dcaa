package dev.unlearning.engine.storage;

import dev.unlearning.engine.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * The S3 client of a run, configured by the standard AWS variables, read through {@code env} (the process
 * environment; tests pass their own): AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, else the SDK's
 * default credential chain (profiles, web identity, container and instance roles); AWS_REGION or AWS_DEFAULT_REGION
 * (else us-east-1 with cross-region access); AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL for S3-compatible stores (MinIO,
 * Ceph, R2), addressed path-style.
 */
public final class S3Clients {

  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
  public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
  public static final String REGION = "AWS_REGION";
  public static final String ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
  public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";

  private S3Clients() {}

  public static S3Client fromEnvironment(UnaryOperator<String> env, RetryPolicy retry) {
    return builder(env, retry, o -> {}).build();
  }

  /**
   * The client of folder downloads: asynchronous, on Netty, at most {@code maxConcurrency} requests in flight, configured
   * like {@link #fromEnvironment} (the SDK's transfer manager drives it).
   */
  public static S3AsyncClient asyncFromEnvironment(UnaryOperator<String> env, RetryPolicy retry, int maxConcurrency) {
    return asyncBuilder(env, retry, maxConcurrency, o -> {}).build();
  }

  /**
   * The configured builder; {@code more} adds to its override configuration (tests add an execution interceptor:
   * a second {@code overrideConfiguration} call would replace the retry settings).
   */
  static S3ClientBuilder builder(UnaryOperator<String> env, RetryPolicy retry,
      Consumer<ClientOverrideConfiguration.Builder> more) {
    S3ClientBuilder builder = S3Client.builder()
        // Set explicitly: the SDK would otherwise pick an HTTP client by ServiceLoader from the class path.
        .httpClientBuilder(Apache5HttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(30))
            .socketTimeout(Duration.ofMinutes(2)));
    return configure(builder, env, retry, more);
  }

  static S3AsyncClientBuilder asyncBuilder(UnaryOperator<String> env, RetryPolicy retry, int maxConcurrency,
      Consumer<ClientOverrideConfiguration.Builder> more) {
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(maxConcurrency)
            .connectionTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofMinutes(2)));
    return configure(builder, env, retry, more);
  }

  // Credentials, retries, region and endpoint: the same for both clients.
  private static <B extends S3BaseClientBuilder<B, ?>> B configure(B builder, UnaryOperator<String> env,
      RetryPolicy retry, Consumer<ClientOverrideConfiguration.Builder> more) {
    builder.credentialsProvider(credentials(env))
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(retry.attempts())
            .backoffStrategy(BackoffStrategy.exponentialDelay(retry.baseDelay(), retry.maxDelay()))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(retry.baseDelay(), retry.maxDelay())))
            .applyMutation(more));
    String region = first(env, REGION, "AWS_DEFAULT_REGION");
    builder.region(Region.of(region != null ? region : "us-east-1"));
    String endpoint = first(env, ENDPOINT_URL_S3, ENDPOINT_URL);
    if (endpoint != null) {
      builder.endpointOverride(endpoint(endpoint))
          .forcePathStyle(true)
          // Checksums only where S3 requires them: S3-compatible stores lag behind the SDK's newer defaults.
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    } else if (region == null) {
      builder.crossRegionAccessEnabled(true);
    }
    return builder;
  }

  private static AwsCredentialsProvider credentials(UnaryOperator<String> env) {
    String id = env.apply(ACCESS_KEY_ID);
    String secret = env.apply(SECRET_ACCESS_KEY);
    if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.apply(SESSION_TOKEN);
    return StaticCredentialsProvider.create(token == null || token.isBlank()
        ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
  }

  private static URI endpoint(String value) {
    try {
      URI uri = URI.create(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      // The value is not echoed: a URL may carry user info.
      throw new InvalidInputException(ENDPOINT_URL_S3 + " / " + ENDPOINT_URL + " is not a URL such as "
          + "https://minio.example.com:9000", e);
    }
  }

  private static String first(UnaryOperator<String> env, String... names) {
    for (String name : names) {
      String v = env.apply(name);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
