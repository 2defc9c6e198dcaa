package dev.unlearning.engine.storage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently transient storage errors are retried: {@code attempts} tries in all, waiting an
 * exponentially growing, jittered delay between them (base, 2 x base, 4 x base ... capped at {@code maxDelay}).
 * The S3 client gets the same numbers through the SDK's own retry strategy.
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {

  /** About half a minute of retries in all before a run gives up. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(20));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1");
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} after {@code attempt} failed (1-based): a random duration between
   * half the exponential bound and the bound, so many workers retrying at once spread out.
   */
  public Duration delayAfter(int attempt) {
    long bound = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
  }
}
