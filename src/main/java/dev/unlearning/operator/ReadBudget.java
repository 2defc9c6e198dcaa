package dev.unlearning.operator;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's budget of reads no event triggers (a running worker's progress log, why a Job waits), one set of
 * settings for all of them: each object is read at most once per {@code unlearning.progress-interval}, and all objects
 * of a kind together at most {@code unlearning.progress-reads-per-second} times a second.
 */
@ApplicationScoped
public class ReadBudget {

  /** How often one object is read (and a waiting request looked at again), when few objects are read. */
  @ConfigProperty(name = "unlearning.progress-interval", defaultValue = "20s")
  Duration base;

  /** The most reads per second over all objects of a kind; 0 turns progress reading off. */
  @ConfigProperty(name = "unlearning.progress-reads-per-second", defaultValue = "10")
  double readsPerSecond;

  ReadBudget() {}

  ReadBudget(Duration base, double readsPerSecond) {
    this.base = base;
    this.readsPerSecond = readsPerSecond;
  }

  Duration base() {
    return base;
  }

  /** Whether running workers' progress is read at all ({@code unlearning.progress-reads-per-second} > 0). */
  boolean progressEnabled() {
    return readsPerSecond > 0;
  }

  /**
   * The time between two reads of one object while {@code objects} are read: the base interval, or longer so that all
   * of them together read at most {@code readsPerSecond} (no global bound when that is 0 or less).
   */
  Duration interval(long objects) {
    if (readsPerSecond <= 0) {
      return base;
    }
    Duration spread = Duration.ofMillis((long) Math.ceil(objects * 1000.0 / readsPerSecond));
    return spread.compareTo(base) > 0 ? spread : base;
  }
}
