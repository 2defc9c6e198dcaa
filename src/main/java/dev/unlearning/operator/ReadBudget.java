package dev.unlearning.operator;

import java.time.Duration;

/** The operator's budget of optional reads (progress logs, why a Job waits): per object and over all of them. */
final class ReadBudget {

  private ReadBudget() {}

  /**
   * The time between two reads of one object while {@code objects} are read: {@code base}, or longer so that all of
   * them together read at most {@code readsPerSecond} (no global bound when that is 0 or less).
   */
  static Duration interval(long objects, double readsPerSecond, Duration base) {
    if (readsPerSecond <= 0) {
      return base;
    }
    Duration spread = Duration.ofMillis((long) Math.ceil(objects * 1000.0 / readsPerSecond));
    return spread.compareTo(base) > 0 ? spread : base;
  }
}
