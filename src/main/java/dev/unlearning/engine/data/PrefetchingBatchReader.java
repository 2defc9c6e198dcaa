package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the batches of an image folder ahead of the caller: up to {@code readAhead} batches are being decoded or
 * waiting at any time, each by one thread of the dataset's pool, so at most readAhead + 1 batches of pixels exist at
 * once. The caller gets them in order; a file that fails to decode fails the {@link #next} of its batch.
 */
final class PrefetchingBatchReader implements BatchReader {

  private static final AtomicInteger POOLS = new AtomicInteger();

  /** What the reader reads: pixels decoded on the pool's threads, NDArrays made on the caller's. */
  interface BatchSource {
    /** The images at indices[from..to) as bytes. */
    byte[] decode(int[] indices, int from, int to);

    /** Those bytes as a batch in {@code manager}. */
    NDList toBatch(NDManager manager, byte[] pixels, int[] indices, int from, int to);
  }

  private final BatchSource data;
  private final int[] indices;
  private final int batchSize;
  private final int batches;
  private final ExecutorService pool;
  private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
  private int submitted;
  private int taken;

  PrefetchingBatchReader(BatchSource data, int[] indices, int batchSize, ExecutorService pool, int readAhead) {
    if (batchSize < 1 || readAhead < 1) {
      throw new IllegalArgumentException("batch size and read-ahead must be >= 1");
    }
    this.data = data;
    this.indices = indices;
    this.batchSize = batchSize;
    this.batches = (indices.length + batchSize - 1) / batchSize;
    this.pool = pool;
    while (submitted < Math.min(readAhead, batches)) {
      submitNext();
    }
  }

  /**
   * A pool of {@code threads} daemon threads for the readers of one dataset, shared across its epochs and
   * evaluations; idle threads end after a few seconds, so a finished run keeps none.
   */
  static ExecutorService pool(int threads) {
    String name = "image-decoder-" + POOLS.incrementAndGet() + "-";
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private void submitNext() {
    int from = submitted * batchSize;
    int to = Math.min(indices.length, from + batchSize);
    pending.add(pool.submit(() -> data.decode(indices, from, to)));
    submitted++;
  }

  @Override
  public int batches() {
    return batches;
  }

  @Override
  public NDList next(NDManager manager) {
    if (taken >= batches) {
      throw new NoSuchElementException("all " + batches + " batches were read");
    }
    byte[] pixels = await(pending.poll());
    if (submitted < batches) {
      submitNext();
    }
    int from = taken * batchSize;
    taken++;
    return data.toBatch(manager, pixels, indices, from, Math.min(indices.length, from + batchSize));
  }

  private static byte[] await(Future<byte[]> batch) {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("decoding a batch failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch of images", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("the batch reader was closed", e);
    }
  }

  /** Cancels the batches still being read ahead; the pool stays for the dataset's next reader. */
  @Override
  public void close() {
    pending.forEach(f -> f.cancel(false));
    pending.clear();
  }
}
