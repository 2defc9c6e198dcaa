package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The batches of a fixed order of samples, one after the other: {@code indices[0..b)}, {@code indices[b..2b)}, ...
 * A streamed dataset decodes the next batches while the caller trains on this one; close the reader to stop it.
 */
public interface BatchReader extends AutoCloseable {

  /** Number of batches this reader returns. */
  int batches();

  /**
   * The next batch as (N,C,H,W) float32 images and (N) int64 labels in {@code manager}.
   *
   * @throws java.util.NoSuchElementException after the last batch
   */
  NDList next(NDManager manager);

  @Override
  void close();
}
