package dev.unlearning.engine.stage;

import dev.unlearning.engine.ProgressListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the phases of one run: reports each phase's start and end to the listener and records its duration in seconds,
 * in the order the phases ran.
 */
public final class PhaseClock {

  private final ProgressListener listener;
  private final Map<String, Double> durations = new LinkedHashMap<>();
  private final long start = System.nanoTime();
  private String open;
  private long openSince;

  public PhaseClock(ProgressListener listener) {
    this.listener = listener;
  }

  public ProgressListener listener() {
    return listener;
  }

  /** Runs a phase, reporting its start and end and recording its duration. */
  public <T> T timed(String phase, Supplier<T> step) {
    listener.phaseStarted(phase);
    long t = System.nanoTime();
    T value = step.get();
    finished(phase, t);
    return value;
  }

  /** Starts a phase whose work spans several calls; {@link #finish()} ends it. */
  public void start(String phase) {
    listener.phaseStarted(phase);
    open = phase;
    openSince = System.nanoTime();
  }

  public void finish() {
    finished(open, openSince);
    open = null;
  }

  /** Records a phase that was skipped, with duration 0. */
  public void skipped(String phase) {
    durations.put(phase, 0.0);
  }

  /** Records the time since the clock was made as the total. */
  public void total(String phase) {
    durations.put(phase, seconds(System.nanoTime() - start));
  }

  /** The unrounded seconds of a phase, 0 when it did not run. */
  public double seconds(String phase) {
    return durations.getOrDefault(phase, 0.0);
  }

  /** Durations in the order the phases ran, rounded to milliseconds. */
  public Map<String, Double> rounded() {
    Map<String, Double> out = new LinkedHashMap<>();
    durations.forEach((k, v) -> out.put(k, round3(v)));
    return out;
  }

  private void finished(String phase, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    durations.put(phase, seconds(elapsed));
    listener.phaseFinished(phase, Duration.ofNanos(elapsed));
  }

  public static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
