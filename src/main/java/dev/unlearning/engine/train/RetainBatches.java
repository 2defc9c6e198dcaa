package dev.unlearning.engine.train;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The retain rows of each training step: the next fresh samples of the epoch's seeded order, and in front of them up
 * to {@code replay} retain samples whose loss was above {@value #REPLAY_LOSS} when they were last trained on (the
 * forget steps damaged them), so they are trained on again while the damage can still be undone. Without replay
 * every step takes {@code rows} fresh samples, as before. A replayed sample still damaged is queued again.
 */
final class RetainBatches {

  /** Cross-entropy above which a retain sample is replayed: p_true below 0.905. */
  static final float REPLAY_LOSS = 0.1f;

  private final int[] order;
  private final int rows;
  private final int replay;
  private final ArrayDeque<Integer> queue = new ArrayDeque<>();
  private final Set<Integer> queued = new HashSet<>();
  private int pos;
  private long replayed;

  RetainBatches(int[] order, int rows, int replay) {
    this.order = order;
    this.rows = rows;
    this.replay = replay;
  }

  boolean hasNext() {
    return pos < order.length;
  }

  /** The next step's retain samples: fresh ones first, then replayed ones. */
  int[] next() {
    int r = Math.min(replay, queue.size());
    int fresh = Math.min(rows - r, order.length - pos);
    int[] ids = new int[fresh + r];
    System.arraycopy(order, pos, ids, 0, fresh);
    pos += fresh;
    for (int i = fresh; i < ids.length; i++) {
      ids[i] = queue.poll();
      queued.remove(ids[i]);
    }
    replayed += r;
    return ids;
  }

  /** Queues the samples of {@code ids} whose loss in {@code losses} was above the replay threshold. */
  void observe(int[] ids, float[] losses) {
    for (int i = 0; i < ids.length; i++) {
      if (losses[i] > REPLAY_LOSS && queued.add(ids[i])) {
        queue.add(ids[i]);
      }
    }
  }

  boolean replays() {
    return replay > 0;
  }

  /** Fresh samples taken so far. */
  int fresh() {
    return pos;
  }

  long replayed() {
    return replayed;
  }
}
