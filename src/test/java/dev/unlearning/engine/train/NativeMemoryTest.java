package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

  @Test
  void liveNdArraysStayFlatAcrossEpochs() {
    TestData data = new TestData(3, 12, 200, 30, 0, 2);
    ImageDataset train = data.train();
    try (Model model = ModelIO.builtIn(ModelSpec.SMALL_CNN, 3, train.inputShape(16), Device.cpu())) {
      int before = TrainingLoop.liveArrays(model);
      List<TrainingLoop.EpochStats> stats = new TrainingLoop("fineTune", ProgressListener.NONE).train(model, train,
          train.allIndices(), new WeightedCrossEntropyLoss(new double[] {1, 0.5, 0.5}),
          Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build(), 5, 16, 1);
      // Epoch 1 may allocate optimizer state (momentum buffers) once; after that nothing may accumulate, although
      // every epoch creates 13 batches with dozens of temporaries each.
      int settled = stats.get(1).liveArrays();
      assertThat(stats).extracting(TrainingLoop.EpochStats::liveArrays).containsOnly(settled);
      assertThat(settled - before).as("arrays kept after training").isLessThan(50);
      Evaluator.accuracy(model, train, train.allIndices(), 16);
      assertThat(TrainingLoop.liveArrays(model)).isLessThanOrEqualTo(settled);
    }
  }
}
