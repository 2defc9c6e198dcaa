package dev.unlearning.cli;

import dev.unlearning.engine.ProgressListener;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Progress of a worker run as log lines: pod logs have no terminal, so no progress bars. */
final class LogProgress implements ProgressListener {

  private static final Logger LOG = Logger.getLogger(LogProgress.class);

  private final String request;

  LogProgress(String request) {
    this.request = request;
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
  public void epochFinished(String phase, int epoch, double meanLoss, double trainAccuracy) {
    LOG.infof("[%s] %s epoch %d: loss %s, accuracy %s", request, phase, epoch,
        String.format(Locale.ROOT, "%.4f", meanLoss), String.format(Locale.ROOT, "%.4f", trainAccuracy));
  }
}
