package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unlearning.engine.model.ModelIO;
import org.junit.jupiter.api.Test;

class WeightedCrossEntropyLossTest {

  @Test
  void equalsHandComputationOnFixedBatch() {
    float[][] logits = {{2.0f, 0.5f, -1.0f}, {0.1f, 0.2f, 0.3f}, {-0.5f, 3.0f, 0.0f}, {1.0f, 1.0f, 1.0f}};
    long[] labels = {0, 2, 1, 1};
    double[] weights = {1.0, 0.5, 0.25};

    double expected = 0;
    for (int i = 0; i < logits.length; i++) {
      double sumExp = 0;
      for (float z : logits[i]) {
        sumExp += Math.exp(z);
      }
      double logP = logits[i][(int) labels[i]] - Math.log(sumExp);
      expected += weights[(int) labels[i]] * logP;
    }
    expected = -expected / logits.length; // mean over the batch, not divided by the sum of weights

    try (NDManager m = ModelIO.engine().newBaseManager()) {
      float[] flat = new float[12];
      for (int i = 0; i < 4; i++) {
        System.arraycopy(logits[i], 0, flat, i * 3, 3);
      }
      NDArray pred = m.create(flat, new Shape(4, 3));
      NDArray lab = m.create(labels);
      float loss = new WeightedCrossEntropyLoss(weights).evaluate(new NDList(lab), new NDList(pred)).getFloat();
      assertThat((double) loss).isCloseTo(expected, within(1e-6));
      // Sanity: with weights 1 it is plain cross-entropy, and the weighted value differs from it.
      float plain = new WeightedCrossEntropyLoss(new double[] {1, 1, 1}).evaluate(new NDList(lab), new NDList(pred))
          .getFloat();
      assertThat(plain).isNotCloseTo(loss, within(1e-3f));
    }
  }
}
