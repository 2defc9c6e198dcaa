package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unlearning.engine.data.ImageDataset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A function-space anchor on the retain set: the original model's logits on the retain samples a method will train
 * on, measured once before training, and the penalty mean((z - z_original)^2) over a batch's retain rows. The
 * cross-entropy of a memorised retain sample has almost no gradient until the sample is already misclassified; the
 * anchor resists the drift of its logits from the first step.
 */
public final class LogitAnchor {

  private final Map<Integer, Integer> row = new HashMap<>();
  private final float[] logits;
  private final int numClasses;

  private LogitAnchor(int samples, int numClasses) {
    this.logits = new float[samples * numClasses];
    this.numClasses = numClasses;
  }

  /** The logits of {@code model}, as it is now, on {@code samples} of {@code data}: one inference pass over them. */
  public static LogitAnchor measure(Model model, ImageDataset data, int[] samples, int numClasses, int batchSize) {
    int[] sorted = samples.clone();
    Arrays.sort(sorted);
    LogitAnchor anchor = new LogitAnchor(sorted.length, numClasses);
    int[] n = {0};
    ParallelInference.forEachBatch(model, null, data, sorted, batchSize, (xy, logits) -> {
      float[] z = logits.toFloatArray();
      System.arraycopy(z, 0, anchor.logits, n[0], z.length);
      n[0] += z.length;
    });
    for (int i = 0; i < sorted.length; i++) {
      anchor.row.put(sorted[i], i);
    }
    return anchor;
  }

  /** mean((logits - original logits)^2) over the rows of {@code ids}, each of which must have been measured. */
  NDArray penalty(NDManager m, int[] ids, NDArray batchLogits) {
    float[] original = new float[ids.length * numClasses];
    for (int i = 0; i < ids.length; i++) {
      Integer r = row.get(ids[i]);
      if (r == null) {
        throw new IllegalStateException("retain sample " + ids[i] + " has no anchor logits");
      }
      System.arraycopy(logits, r * numClasses, original, i * numClasses, numClasses);
    }
    NDArray d = batchLogits.sub(m.create(original, new Shape(ids.length, numClasses)));
    return d.mul(d).mean();
  }

  public int size() {
    return row.size();
  }
}
