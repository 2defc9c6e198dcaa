package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A saliency mask as in SalUn (Fan et al., ICLR 2024): 1 for the weights whose gradient of the forget-set loss is
 * among the largest {@code fraction} in absolute value (one threshold over all candidate tensors), 0 elsewhere. The
 * gradient is taken in evaluation mode over the whole forget set. Training with the mask multiplies every gradient by
 * it before the optimizer step; noising with it multiplies the noise. A TorchScript module's gradient is taken on an
 * evaluation-mode copy of it ({@link ModelIO#evaluationCopy}), since DJL runs its evaluation forward without autograd.
 */
public final class GradientMask implements AutoCloseable {

  private final NDManager manager;
  private final Map<NDArray, NDArray> masks;
  private final long selected;
  private final long total;

  private GradientMask(NDManager manager, Map<NDArray, NDArray> masks, long selected, long total) {
    this.manager = manager;
    this.masks = masks;
    this.selected = selected;
    this.total = total;
  }

  /** Every trainable parameter of the model, by name. */
  public static Map<String, NDArray> trainable(Model model) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      if (p.getValue().requiresGradient()) {
        out.put(p.getKey(), p.getValue().getArray());
      }
    }
    return out;
  }

  /**
   * The mask of the top {@code fraction} of {@code candidates} (parameters of {@code model}) by the absolute gradient
   * of the summed cross-entropy over {@code forget}.
   */
  public static GradientMask salient(Model model, ImageDataset data, int[] forget, int batchSize,
      Map<String, NDArray> candidates, double fraction) {
    // A TorchScript module forwarded in DJL's evaluation mode records no gradient (libtorch's inference mode): its
    // gradients come from a copy whose modules are all in evaluation mode, forwarded with autograd on.
    boolean copied = ModelIO.isTorchScript(model);
    List<float[]> grads = new ArrayList<>();
    long total = 0;
    try (Model graded = copied ? ModelIO.evaluationCopy(model) : null) {
      Model on = copied ? graded : model;
      Map<String, NDArray> all = trainable(on);
      for (NDArray p : all.values()) {
        if (!p.hasGradient()) {
          // Freshly loaded parameters have no gradient buffer until a trainer attaches one.
          p.setRequiresGradient(true);
        }
      }
      zeroGradients(all.values());
      try (GradientCollector collector = model.getNDManager().getEngine().newGradientCollector()) {
        for (int from = 0; from < forget.length; from += batchSize) {
          int to = Math.min(forget.length, from + batchSize);
          try (NDManager batch = model.getNDManager().newSubManager()) {
            NDList xy = data.batch(batch, forget, from, to);
            NDArray logits = on.getBlock().forward(new ParameterStore(batch, false), new NDList(xy.get(0)), copied)
                .head();
            NDArray y = xy.get(1).toType(DataType.INT64, false);
            collector.backward(logits.logSoftmax(1).mul(y.oneHot((int) logits.getShape().get(1))).sum().neg());
          }
        }
      }
      for (Map.Entry<String, NDArray> c : candidates.entrySet()) {
        NDArray p = copied ? all.get(c.getKey()) : c.getValue();
        try (NDArray g = p.getGradient(); NDArray a = g.abs()) {
          float[] abs = a.toFloatArray();
          grads.add(abs);
          total += abs.length;
        }
      }
      zeroGradients(all.values());
    }
    float threshold = threshold(grads, total, fraction);
    NDManager manager = model.getNDManager().newSubManager();
    Map<NDArray, NDArray> masks = new IdentityHashMap<>();
    long selected = 0;
    int i = 0;
    for (NDArray p : candidates.values()) {
      float[] abs = grads.get(i++);
      float[] m = new float[abs.length];
      for (int j = 0; j < abs.length; j++) {
        if (abs[j] >= threshold) {
          m[j] = 1f;
          selected++;
        }
      }
      masks.put(p, manager.create(m, p.getShape()));
    }
    return new GradientMask(manager, masks, selected, total);
  }

  /** The k-th largest absolute gradient, k = ceil(fraction * total); every element for fraction 1. */
  static float threshold(List<float[]> grads, long total, double fraction) {
    if (fraction >= 1) {
      return Float.NEGATIVE_INFINITY;
    }
    float[] all = new float[Math.toIntExact(total)];
    int pos = 0;
    for (float[] g : grads) {
      System.arraycopy(g, 0, all, pos, g.length);
      pos += g.length;
    }
    Arrays.sort(all);
    long k = Math.max(1, (long) Math.ceil(fraction * total));
    return all[Math.toIntExact(total - k)];
  }

  /** Multiplies the current gradient of every masked parameter by its mask, in place. */
  public void apply(Map<String, NDArray> parameters) {
    for (NDArray p : parameters.values()) {
      NDArray mask = masks.get(p);
      if (mask != null) {
        try (NDArray g = p.getGradient()) {
          g.muli(mask);
        }
      }
    }
  }

  /** The mask of a parameter, or null when it is not a candidate. */
  public NDArray of(NDArray parameter) {
    return masks.get(parameter);
  }

  /** Weights the mask selects, and the candidates' total. */
  public long selected() { return selected; }
  public long total() { return total; }

  private static void zeroGradients(Iterable<NDArray> parameters) {
    for (NDArray p : parameters) {
      try (NDArray g = p.getGradient()) {
        g.subi(g);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
