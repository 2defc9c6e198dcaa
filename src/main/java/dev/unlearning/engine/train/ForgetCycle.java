package dev.unlearning.engine.train;

/** The forget set in a seeded order, reshuffled on every pass. */
final class ForgetCycle {
  private final int[] forget;
  private final long seed;
  private int[] order = new int[0];
  private int pos;
  private int pass;

  ForgetCycle(int[] forget, long seed) {
    this.forget = forget;
    this.seed = seed;
  }

  int[] next(int n) {
    if (forget.length == 0) {
      return new int[0];
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (pos == order.length) {
        order = TrainingLoop.shuffled(forget, seed * 7_919L + ++pass);
        pos = 0;
      }
      out[i] = order[pos++];
    }
    return out;
  }
}
