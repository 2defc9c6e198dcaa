package dev.unlearning.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.model.ModelIO;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Read-ahead is bounded (memory O(batch x read-ahead)), batches come in order, decoding errors reach the caller. */
class PrefetchingBatchReaderTest {

  /** One "pixel" per image: the sample index; counts the batches decoded so far. */
  static final class CountingSource implements PrefetchingBatchReader.BatchSource {
    final AtomicInteger decoded = new AtomicInteger();
    final int failAt;

    CountingSource(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public byte[] decode(int[] indices, int from, int to) {
      byte[] out = new byte[to - from];
      for (int i = from; i < to; i++) {
        if (indices[i] == failAt) {
          throw new InvalidInputException("spec.dataset.uri: image " + indices[i] + ".png is corrupt");
        }
        out[i - from] = (byte) indices[i];
      }
      decoded.incrementAndGet();
      return out;
    }

    @Override
    public NDList toBatch(NDManager manager, byte[] pixels, int[] indices, int from, int to) {
      long[] values = new long[pixels.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = pixels[i];
      }
      return new NDList(manager.create(values));
    }
  }

  @Test
  void readsAheadAtMostTheGivenNumberOfBatchesAndKeepsTheOrder() throws InterruptedException {
    CountingSource source = new CountingSource(-1);
    int[] order = new int[100];
    for (int i = 0; i < order.length; i++) {
      order[i] = (i * 37) % 100;
    }
    try (NDManager m = ModelIO.engine().newBaseManager();
        PrefetchingBatchReader reader = new PrefetchingBatchReader(source, order, 8, PrefetchingBatchReader.pool(2), 3)) {
      assertThat(reader.batches()).isEqualTo(13);
      await().atMost(Duration.ofSeconds(10)).until(() -> source.decoded.get() == 3);
      Thread.sleep(200);
      assertThat(source.decoded.get()).as("nothing read beyond the read-ahead").isEqualTo(3);
      long[] first = reader.next(m).get(0).toLongArray();
      assertThat(first).containsExactly(0, 37, 74, 11, 48, 85, 22, 59);
      await().atMost(Duration.ofSeconds(10)).until(() -> source.decoded.get() == 4);
      for (int b = 1; b < 13; b++) {
        long[] batch = reader.next(m).get(0).toLongArray();
        assertThat(batch).hasSize(b < 12 ? 8 : 4);
        assertThat(batch[0]).isEqualTo(order[b * 8]);
      }
      assertThatThrownBy(() -> reader.next(m)).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void aDecodingErrorFailsTheBatchHoldingTheFileWithItsOwnException() {
    CountingSource source = new CountingSource(21);
    int[] order = new int[40];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    try (NDManager m = ModelIO.engine().newBaseManager();
        PrefetchingBatchReader reader = new PrefetchingBatchReader(source, order, 10, PrefetchingBatchReader.pool(2), 4)) {
      reader.next(m);
      reader.next(m);
      assertThatThrownBy(() -> reader.next(m)).isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.dataset.uri: image 21.png is corrupt");
    }
  }

  @Test
  void thePoolServesTheDatasetsNextReaderAfterOneIsClosedEarly() {
    CountingSource source = new CountingSource(-1);
    int[] order = new int[30];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.concurrent.ExecutorService pool = PrefetchingBatchReader.pool(2);
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      try (PrefetchingBatchReader first = new PrefetchingBatchReader(source, order, 10, pool, 2)) {
        first.next(m); // the rest is abandoned, as when training fails
      }
      try (PrefetchingBatchReader second = new PrefetchingBatchReader(source, order, 10, pool, 2)) {
        for (int b = 0; b < 3; b++) {
          assertThat(second.next(m).get(0).toLongArray()[0]).isEqualTo(b * 10);
        }
      }
    }
    assertThat(pool.isShutdown()).isFalse();
  }
}
