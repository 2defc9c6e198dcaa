package dev.unlearning.cli;

import dev.unlearning.api.Progress;
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
  static final long TRANSFER_LINE_SECONDS = 5;

  private final String request;
  private final PrintStream out;
  private long stepStartNanos;
  private int epochs;
  private long lastTransferLine = Long.MIN_VALUE;

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

  /** A log line and a progress line every {@value #TRANSFER_LINE_SECONDS} s of a transfer, and at its end. */
  @Override
  public synchronized void transferProgress(String phase, long objectsDone, long objects, long bytesDone, long bytes,
      Duration elapsed) {
    long now = System.nanoTime();
    boolean last = objectsDone == objects;
    if (!last && objectsDone > 0 && now - lastTransferLine < TRANSFER_LINE_SECONDS * 1_000_000_000L) {
      return;
    }
    lastTransferLine = now;
    Progress p = ProgressLine.ofTransfer(phase, objectsDone, objects, bytesDone, bytes, elapsed, Instant.now());
    LOG.infof("[%s] %s: %d of %d objects, %s of %s MB, %s objects/s", request, phase, objectsDone, objects,
        String.format(Locale.ROOT, "%.1f", bytesDone / 1e6), String.format(Locale.ROOT, "%.1f", bytes / 1e6),
        p.getObjectsPerSecond());
    out.println(ProgressLine.format(p));
    out.flush();
  }
}
