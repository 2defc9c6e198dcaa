package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each step's retain rows: fresh samples in order, and damaged samples trained on again. */
class RetainBatchesTest {

  static final int[] ORDER = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};

  @Test
  void withoutReplayTheStepsAreTheOrderInChunks() {
    RetainBatches b = new RetainBatches(ORDER, 4, 0);
    assertThat(b.next()).containsExactly(10, 11, 12, 13);
    b.observe(new int[] {10, 11, 12, 13}, new float[] {5f, 5f, 5f, 5f});
    assertThat(b.next()).containsExactly(14, 15, 16, 17);
    assertThat(b.next()).containsExactly(18, 19);
    assertThat(b.hasNext()).isFalse();
    assertThat(b.replayed()).isZero();
    assertThat(b.replays()).isFalse();
  }

  @Test
  void damagedSamplesComeBackInPlaceOfFreshOnesUntilTheyAreRepaired() {
    RetainBatches b = new RetainBatches(ORDER, 4, 2);
    int[] first = b.next();
    assertThat(first).containsExactly(10, 11, 12, 13);
    // 11 and 13 were damaged (loss above 0.1), 12 only a little: 11 and 13 are replayed, 12 not.
    b.observe(first, new float[] {0.01f, 2.3f, 0.09f, 0.5f});
    int[] second = b.next();
    assertThat(second).containsExactly(14, 15, 11, 13);
    // 11 is still damaged, 13 repaired, 14 newly damaged.
    b.observe(second, new float[] {0.2f, 0f, 1f, 0.05f});
    assertThat(b.next()).containsExactly(16, 17, 14, 11);
    assertThat(b.next()).containsExactly(18, 19);
    assertThat(b.hasNext()).isFalse();
    assertThat(b.fresh()).isEqualTo(10);
    assertThat(b.replayed()).isEqualTo(4);
  }

  @Test
  void aSampleIsQueuedOnceHoweverOftenItIsSeenDamaged() {
    RetainBatches b = new RetainBatches(ORDER, 4, 3);
    b.observe(new int[] {10, 10, 10}, new float[] {1f, 1f, 1f});
    assertThat(b.next()).containsExactly(10, 11, 12, 10);
  }
}
