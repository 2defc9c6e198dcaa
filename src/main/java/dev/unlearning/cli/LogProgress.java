package dev.unlearning.cli;

import dev.unlearning.api.ProgressLine;
import dev.unlearning.engine.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Progress of a worker run as log lines: pod logs have no terminal, so no progress bars. After each epoch it also
 * prints the machine-readable {@link ProgressLine} on stdout (not through the logger, whose format may be JSON),
 * which the operator reads from the pod log into status.progress.
 */
final class LogProgress implements ProgressListener {

  private static final Logger LOG = Logger.getLogger(LogProgress.class);

  private final String request;
  private final PrintStream out;
  private long stepStartNanos;
  private int epochs;

  LogProgress(String request, PrintStream out) {
    this.request = request;
    this.out = out;
  }

  @Override
  public void phaseStarted(String phase) {
    LOG.infof("[%s] %s started", request, phase);
  }

  @Override
  public void phaseFinished(String phase, Duration duration) {
    LOG.infof("[%s] %s finished in %s s", request, phase, String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0));
  }

  @Override
  public void epochStarted(String phase, int epoch, int epochs, long batches) {
    this.epochs = epochs;
    if (epoch == 1) {
      stepStartNanos = System.nanoTime();
    }
  }

  @Override
  public void epochFinished(String phase, int epoch, double meanLoss, double trainAccuracy) {
    LOG.infof("[%s] %s epoch %d: loss %s, accuracy %s", request, phase, epoch,
        String.format(Locale.ROOT, "%.4f", meanLoss), String.format(Locale.ROOT, "%.4f", trainAccuracy));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - stepStartNanos);
    out.println(ProgressLine.format(ProgressLine.of(phase, epoch, Math.max(epochs, epoch), meanLoss, elapsed,
        Instant.now())));
    out.flush();
  }
}
