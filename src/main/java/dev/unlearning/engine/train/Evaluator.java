package dev.unlearning.engine.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unlearning.engine.data.ImageDataset;

/** Inference-mode accuracy of a model on a subset of a dataset, batch by batch in closed sub-managers. */
public final class Evaluator {

  private Evaluator() {}

  /** Accuracy on the model's own device. */
  public static double accuracy(Model model, ImageDataset data, int[] indices, int batchSize) {
    return accuracy(model, data, indices, batchSize, null);
  }

  /** Accuracy with every batch split across {@code devices} (null: the model's own device). */
  public static double accuracy(Model model, ImageDataset data, int[] indices, int batchSize, Device[] devices) {
    if (indices.length == 0) {
      return Double.NaN;
    }
    long[] correct = {0};
    ParallelInference.forEachBatch(model, devices, data, indices, batchSize,
        (xy, logits) -> correct[0] += correct(logits, xy.get(1)));
    return (double) correct[0] / indices.length;
  }

  /** Output shape of the model for a batch of one image of the dataset (used to check the class count). */
  public static Shape outputShape(Model model, ImageDataset data) {
    try (ParallelInference inference = new ParallelInference(model, null);
        NDManager m = model.getNDManager().newSubManager()) {
      NDList xy = data.batch(m, new int[] {0}, 0, 1);
      return inference.logits(xy.get(0)).getShape();
    }
  }

  /** Number of rows whose arg-max equals the label. */
  static long correct(NDArray logits, NDArray labels) {
    return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
  }
}
