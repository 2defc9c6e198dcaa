package dev.unlearning.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.data.InMemoryImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.train.Evaluator;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SetEvaluationTest {

  static ImageDataset randomImages(int n, int classes, long seed) {
    Random r = new Random(seed);
    byte[] pixels = new byte[n * 8 * 8];
    r.nextBytes(pixels);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(classes);
    }
    return new InMemoryImageDataset(pixels, labels, 1, 8, 8, new float[] {0.5f}, new float[] {0.25f});
  }

  @Test
  void perSampleLossesAverageToTheMeanCrossEntropyAndAccuracyMatchesTheEvaluator() {
    ModelIO.engine().setRandomSeed(3);
    ImageDataset data = randomImages(50, 3, 1);
    int[] subset = {0, 3, 4, 7, 9, 10, 11, 12, 20, 21, 22, 23, 30, 31, 40, 41, 42, 45, 47, 49};
    try (Model model = ModelIO.builtIn(ModelSpec.SMALL_CNN, 3, new Shape(1, 1, 8, 8),
        ModelIO.engine().defaultDevice())) {
      // Batches of 7 split the subset unevenly; the losses must still line up with the indices.
      SetEvaluation eval = SetEvaluation.of(model, data, subset, 7);
      assertThat(eval.losses()).hasSize(subset.length);
      assertThat(eval.accuracy()).isEqualTo(Evaluator.accuracy(model, data, subset, 16));
      assertThat(Arrays.stream(eval.losses()).allMatch(l -> l > 0 && Double.isFinite(l))).isTrue();

      try (NDManager m = model.getNDManager().newSubManager()) {
        NDList xy = data.batch(m, subset, 0, subset.length);
        NDArray logits = model.getBlock().forward(new ParameterStore(m, false), new NDList(xy.get(0)), false).head();
        double djlMean = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(xy.get(1)), new NDList(logits)).getFloat();
        assertThat(Arrays.stream(eval.losses()).average().orElseThrow()).isCloseTo(djlMean, within(1e-5));
        // Sample by sample: -log softmax of the true class.
        float[] row = logits.get(5).logSoftmax(0).toFloatArray();
        assertThat(eval.losses()[5]).isCloseTo(-row[data.label(subset[5])], within(1e-5));
      }
    }
  }

  @Test
  void emptySubsetHasNoAccuracyAndNoLosses() {
    ImageDataset data = randomImages(4, 3, 2);
    try (Model model = ModelIO.builtIn(ModelSpec.SMALL_CNN, 3, new Shape(1, 1, 8, 8),
        ModelIO.engine().defaultDevice())) {
      SetEvaluation eval = SetEvaluation.of(model, data, new int[0], 8);
      assertThat(eval.accuracy()).isNaN();
      assertThat(eval.losses()).isEmpty();
    }
  }
}
