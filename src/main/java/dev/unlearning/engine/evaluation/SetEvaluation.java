package dev.unlearning.engine.evaluation;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.unlearning.engine.data.ImageDataset;

/**
 * Accuracy and per-sample cross-entropy losses of a model in evaluation mode on a subset of a dataset, in one pass,
 * batch by batch in closed sub-managers. The losses are the plain (unweighted) -log p of the true class, as the
 * membership-inference attack of the unlearning starting kit uses them ({@code CrossEntropyLoss(reduction="none")}).
 */
public record SetEvaluation(double accuracy, double[] losses) {

  public static SetEvaluation of(Model model, ImageDataset data, int[] indices, int batchSize) {
    double[] losses = new double[indices.length];
    if (indices.length == 0) {
      return new SetEvaluation(Double.NaN, losses);
    }
    long correct = 0;
    for (int from = 0; from < indices.length; from += batchSize) {
      int to = Math.min(indices.length, from + batchSize);
      try (NDManager batch = model.getNDManager().newSubManager()) {
        NDList xy = data.batch(batch, indices, from, to);
        NDArray logits = model.getBlock().forward(new ParameterStore(batch, false), new NDList(xy.get(0)), false).head();
        NDArray labels = xy.get(1).toType(DataType.INT64, false);
        NDArray logP = logits.logSoftmax(1);
        NDArray trueClass = logP.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1}).neg();
        float[] batchLosses = trueClass.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < batchLosses.length; i++) {
          losses[from + i] = batchLosses[i];
        }
        correct += logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false).getLong();
      }
    }
    return new SetEvaluation((double) correct / indices.length, losses);
  }
}
