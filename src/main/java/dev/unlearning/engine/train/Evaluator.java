package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.unlearning.engine.data.ImageDataset;

/** Inference-mode accuracy of a model on a subset of a dataset, batch by batch in closed sub-managers. */
public final class Evaluator {

  private Evaluator() {}

  public static double accuracy(Model model, ImageDataset data, int[] indices, int batchSize) {
    if (indices.length == 0) {
      return Double.NaN;
    }
    long correct = 0;
    for (int from = 0; from < indices.length; from += batchSize) {
      int to = Math.min(indices.length, from + batchSize);
      try (NDManager batchManager = model.getNDManager().newSubManager()) {
        NDList xy = data.batch(batchManager, indices, from, to);
        NDArray logits = forward(model, batchManager, xy.get(0));
        correct += correct(logits, xy.get(1));
      }
    }
    return (double) correct / indices.length;
  }

  /** Output shape of the model for a batch of one image of the dataset (used to check the class count). */
  public static Shape outputShape(Model model, ImageDataset data) {
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDList xy = data.batch(m, new int[] {0}, 0, 1);
      return forward(model, m, xy.get(0)).getShape();
    }
  }

  private static NDArray forward(Model model, NDManager manager, NDArray x) {
    return model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false).head();
  }

  /** Number of rows whose arg-max equals the label. */
  static long correct(NDArray logits, NDArray labels) {
    return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
  }
}
