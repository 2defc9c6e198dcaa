package dev.unlearning.engine;

import java.time.Duration;

/** Hears the progress of a run, so the CLI can draw progress bars and the worker can log. */
public interface ProgressListener {

  ProgressListener NONE = new ProgressListener() {};

  /** A phase such as load, pretrain, evaluateOriginal, confuse, fineTune, evaluateUnlearned, save begins. */
  default void phaseStarted(String phase) {}

  default void phaseFinished(String phase, Duration duration) {}

  /** An epoch of pretrain or fineTune (or retrain) begins; {@code batches} is the number of batches in it. */
  default void epochStarted(String phase, int epoch, int epochs, long batches) {}

  default void batchFinished(String phase, double loss) {}

  default void epochFinished(String phase, int epoch, double meanLoss, double trainAccuracy) {}

  /**
   * A transfer such as fetch moved on: {@code objectsDone} of {@code objects} and {@code bytesDone} of {@code bytes}
   * after {@code elapsed}. Called from the transfer's threads, first with 0 done.
   */
  default void transferProgress(String phase, long objectsDone, long objects, long bytesDone, long bytes,
      Duration elapsed) {}
}
