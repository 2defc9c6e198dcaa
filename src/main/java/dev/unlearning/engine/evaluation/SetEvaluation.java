package dev.unlearning.engine.evaluation;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.train.ParallelInference;

/**
 * Accuracy and per-sample cross-entropy losses of a model in evaluation mode on a subset of a dataset, in one pass,
 * batch by batch in closed sub-managers. The losses are the plain (unweighted) -log p of the true class, as the
 * membership-inference attack of the unlearning starting kit uses them ({@code CrossEntropyLoss(reduction="none")}).
 */
public record SetEvaluation(double accuracy, double[] losses) {

  /** On the model's own device. */
  public static SetEvaluation of(Model model, ImageDataset data, int[] indices, int batchSize) {
    return of(model, data, indices, batchSize, null);
  }

  /** With every batch split across {@code devices} (null: the model's own device). */
  public static SetEvaluation of(Model model, ImageDataset data, int[] indices, int batchSize, Device[] devices) {
    double[] losses = new double[indices.length];
    if (indices.length == 0) {
      return new SetEvaluation(Double.NaN, losses);
    }
    long[] correct = {0};
    int[] from = {0};
    ParallelInference.forEachBatch(model, devices, data, indices, batchSize, (xy, logits) -> {
      correct[0] += batch(xy, logits, losses, from[0]);
      from[0] += (int) logits.getShape().get(0);
    });
    return new SetEvaluation((double) correct[0] / indices.length, losses);
  }

  /** One batch: its losses into {@code losses[from..]}; returns its number of correct predictions. */
  private static long batch(NDList xy, NDArray logits, double[] losses, int from) {
    NDArray labels = xy.get(1).toType(DataType.INT64, false);
    NDArray logP = logits.logSoftmax(1);
    NDArray trueClass = logP.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1}).neg();
    float[] batchLosses = trueClass.toType(DataType.FLOAT32, false).toFloatArray();
    System.arraycopy(toDoubles(batchLosses), 0, losses, from, batchLosses.length);
    return logits.argMax(1).eq(labels).sum().toType(DataType.INT64, false).getLong();
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
