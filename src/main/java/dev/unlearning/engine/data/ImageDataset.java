package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A labelled image set of one shape (C, H, W), indexed 0..size-1. Labels are cheap to read for every sample (the
 * forget split and the label checks walk them all); images are only turned into NDArrays batch by batch.
 */
public interface ImageDataset {

  int size();

  int channels();

  int height();

  int width();

  /** The class index of sample {@code index}, without reading its image. */
  int label(int index);

  /**
   * The images and labels at {@code indices[from..to)} as (N,C,H,W) float32 and (N) int64 arrays in {@code manager};
   * the caller closes the manager once the batch is used.
   */
  NDList batch(NDManager manager, int[] indices, int from, int to);

  /** Reads {@code indices} in batches of {@code batchSize}, in order; this default builds each batch on demand. */
  default BatchReader reader(int[] indices, int batchSize) {
    return new SequentialBatchReader(this, indices, batchSize);
  }

  /** Shape of one input batch of {@code n} images: (n, C, H, W). */
  default Shape inputShape(int n) {
    return new Shape(n, channels(), height(), width());
  }

  /** All indices 0..size-1. */
  default int[] allIndices() {
    int[] all = new int[size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }
}
