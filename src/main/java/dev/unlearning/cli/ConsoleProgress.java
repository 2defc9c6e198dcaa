package dev.unlearning.cli;

import dev.unlearning.engine.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of a local run on the console: a line per phase and a progress bar per epoch. */
final class ConsoleProgress implements ProgressListener {

  private final PrintStream out;
  private ProgressBar bar;
  private double lossSum;
  private long batches;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void phaseStarted(String phase) {
    out.println("> " + phase);
  }

  @Override
  public void phaseFinished(String phase, Duration duration) {
    out.printf(Locale.ROOT, "  %s done in %.1f s%n", phase, duration.toMillis() / 1000.0);
  }

  @Override
  public void epochStarted(String phase, int epoch, int epochs, long batchCount) {
    closeBar();
    lossSum = 0;
    batches = 0;
    bar = new ProgressBarBuilder()
        .setTaskName(String.format(Locale.ROOT, "  %s %d/%d", phase, epoch, epochs))
        .setInitialMax(batchCount)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" batches", 1)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .continuousUpdate()
        .build();
  }

  @Override
  public void batchFinished(String phase, double loss) {
    lossSum += loss;
    batches++;
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / batches));
    }
  }

  @Override
  public void epochFinished(String phase, int epoch, double meanLoss, double trainAccuracy) {
    if (bar != null) {
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.3f", meanLoss, trainAccuracy));
    }
    closeBar();
  }

  /** One bar over the objects of a transfer, with the megabytes in its message. */
  @Override
  public synchronized void transferProgress(String phase, long objectsDone, long objects, long bytesDone, long bytes,
      Duration elapsed) {
    if (objectsDone == 0) {
      closeBar();
      bar = new ProgressBarBuilder()
          .setTaskName("  " + phase)
          .setInitialMax(objects)
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit(" objects", 1)
          .setConsumer(new ConsoleProgressBarConsumer(out))
          .continuousUpdate()
          .build();
    }
    if (bar != null) {
      bar.stepTo(objectsDone);
      bar.setExtraMessage(String.format(Locale.ROOT, "%.1f/%.1f MB", bytesDone / 1e6, bytes / 1e6));
      if (objectsDone == objects) {
        closeBar();
      }
    }
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
