package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The stop check of {@link TrainingLoop} (confuse-finetune's stopAtHeldOutAccuracy): asked after every
 * batches / {@value ForgetRetainLoop#CHECKS_PER_EPOCH} whole batches, it ends training at once when it answers true.
 */
class TrainingLoopStopTest {

  @Test
  void stopsAfterTheBatchWhoseCheckSaysSo() {
    ImageDataset train = new TestData(3, 8, 200, 9, 0, 2).train();
    List<Double> losses = new java.util.ArrayList<>();
    AtomicInteger checks = new AtomicInteger();
    ProgressListener counting = new ProgressListener() {
      @Override
      public void batchFinished(String phase, double loss) {
        losses.add(loss);
      }
    };
    try (Model model = MultiDeviceTrainingTest.convNet(train)) {
      // 200 samples in batches of 10: 20 batches per epoch, a check every 2; the second check stops.
      List<TrainingLoop.EpochStats> stats = new TrainingLoop("fineTune", counting).train(model, train,
          train.allIndices(), 200, Loss.softmaxCrossEntropyLoss(),
          Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build(), 3, 10, 3,
          () -> checks.incrementAndGet() == 2);
      assertThat(checks).hasValue(2);
      assertThat(losses).as("batches trained").hasSize(4);
      assertThat(stats).hasSize(1);
      assertThat(stats.get(0).epoch()).isEqualTo(1);
      // Means over the 40 samples trained, not over the epoch's 200.
      double meanBatchLoss = losses.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat(stats.get(0).loss()).isCloseTo(meanBatchLoss, within(1e-6));
      assertThat(stats.get(0).accuracy()).isBetween(0.0, 1.0).isEqualTo(Math.round(stats.get(0).accuracy() * 40) / 40.0);
    }
  }
}
