package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.NoSuchElementException;

/** Builds each batch when it is asked for, with {@link ImageDataset#batch}: for data already in memory. */
final class SequentialBatchReader implements BatchReader {

  private final ImageDataset data;
  private final int[] indices;
  private final int batchSize;
  private int from;

  SequentialBatchReader(ImageDataset data, int[] indices, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.data = data;
    this.indices = indices;
    this.batchSize = batchSize;
  }

  @Override
  public int batches() {
    return (indices.length + batchSize - 1) / batchSize;
  }

  @Override
  public NDList next(NDManager manager) {
    if (from >= indices.length) {
      throw new NoSuchElementException("all " + batches() + " batches were read");
    }
    int to = Math.min(indices.length, from + batchSize);
    NDList batch = data.batch(manager, indices, from, to);
    from = to;
    return batch;
  }

  @Override
  public void close() {}
}
