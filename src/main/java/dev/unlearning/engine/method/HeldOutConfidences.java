package dev.unlearning.engine.method;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.train.ForgetRetainLoop;
import dev.unlearning.engine.train.ParallelInference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * heldout-match's forget loss: pulls the forget samples' logit-scaled confidence s = log p_true - log(1 - p_true)
 * onto the distribution of s on held-out samples, the distribution a model that never saw them would show. Within a
 * forget batch the k-th smallest s is pulled towards the held-out quantile (k + 0.5) / n (a one-dimensional optimal
 * transport, as in sliced Wasserstein matching), with a Huber loss (delta 1): memorised samples are pushed down, the
 * batch's hardest ones towards the held-out errors, and a sample already as unsure as held-out ones is left alone.
 * The membership-inference attack reads exactly this order of samples (its feature, the loss, is -log p_true, a
 * monotone function of s), and forget accuracy follows from the share of held-out samples with s below 0.
 *
 * <p>The held-out quantiles are the model's confidences on up to {@value #SAMPLE} seeded held-out samples in
 * evaluation mode, measured once by {@link #of} before the method trains. With fixed targets the forget samples are
 * ranked once too, all together, by the original's confidence: each keeps the quantile of its rank in the whole
 * forget set as its target, so the same samples are pushed towards the held-out errors at every visit.
 */
final class HeldOutConfidences implements ForgetRetainLoop.ForgetTerm {

  static final int SAMPLE = 1024;

  private final ImageDataset data;
  private final int[] sample;
  private final int batchSize;
  private final int numClasses;
  private float[] sorted;
  /** The forget samples, sorted, and each one's fixed target; null: ranks within each batch. */
  private int[] forget;
  private float[] fixed;

  private HeldOutConfidences(MethodContext ctx) {
    MethodContext.HeldOut heldOut = ctx.heldOut();
    this.data = heldOut.data();
    this.sample = ForgetSplit.sample(heldOut.indices(), SAMPLE, ctx.seed() + 29);
    this.batchSize = ctx.batchSize();
    this.numClasses = ctx.numClasses();
  }

  /**
   * The target: the confidences of {@code model}, as it is now, on the context's held-out samples; with
   * {@code fixedTargets} also each forget sample's target from its rank among the forget set's confidences.
   */
  static HeldOutConfidences of(Model model, MethodContext ctx, boolean fixedTargets) {
    HeldOutConfidences target = new HeldOutConfidences(ctx);
    float[] heldOut = target.measure(model, target.data, target.sample);
    Arrays.sort(heldOut);
    target.sorted = heldOut;
    if (fixedTargets) {
      int[] f = ctx.forget().clone();
      Arrays.sort(f);
      float[] s = target.measure(model, ctx.train(), f);
      float[] fixed = new float[f.length];
      Integer[] order = ranks(s);
      for (int rank = 0; rank < f.length; rank++) {
        fixed[order[rank]] = target.quantile((rank + 0.5) / f.length);
      }
      target.forget = f;
      target.fixed = fixed;
    }
    return target;
  }

  private float[] measure(Model model, ImageDataset data, int[] indices) {
    float[] out = new float[indices.length];
    int[] n = {0};
    ParallelInference.forEachBatch(model, null, data, indices, batchSize, (xy, logits) -> {
      float[] s = confidence(logits.logSoftmax(1), xy.get(1).oneHot(numClasses)).toFloatArray();
      System.arraycopy(s, 0, out, n[0], s.length);
      n[0] += s.length;
    });
    return out;
  }

  /** The positions of {@code v} from its smallest value to its largest. */
  private static Integer[] ranks(float[] v) {
    Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    return order;
  }

  /** s = log p_true - log(1 - p_true), 1 - p_true summed from the other classes so it keeps its precision near 1. */
  static NDArray confidence(NDArray logP, NDArray oneHot) {
    return logP.mul(oneHot).sum(new int[] {1}).sub(ForgetRetainLoop.logOneMinusTrue(logP, oneHot));
  }

  @Override
  public NDArray perSample(int[] samples, NDArray logP, NDArray oneHot) {
    NDArray s = confidence(logP, oneHot);
    float[] target = new float[samples.length];
    if (fixed != null) {
      for (int i = 0; i < samples.length; i++) {
        target[i] = fixed[Arrays.binarySearch(forget, samples[i])];
      }
    } else {
      Integer[] order = ranks(s.toFloatArray());
      for (int rank = 0; rank < order.length; rank++) {
        target[order[rank]] = quantile((rank + 0.5) / order.length);
      }
    }
    NDArray distance = s.sub(s.getManager().create(target)).abs();
    NDArray inner = distance.minimum(1f);
    return inner.mul(distance.sub(inner.mul(0.5f)));
  }

  /**
   * The forget samples to train on: with fixed targets and {@code below}, those whose target is below it (sorted);
   * else {@code all}.
   */
  int[] active(int[] all, Double below) {
    if (below == null || fixed == null) {
      return all;
    }
    return IntStream.range(0, forget.length).filter(i -> fixed[i] < below).map(i -> forget[i]).toArray();
  }

  /** The held-out confidence at quantile {@code q} in (0, 1). */
  float quantile(double q) {
    return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
  }

  int sampleSize() { return sample.length; }
}
