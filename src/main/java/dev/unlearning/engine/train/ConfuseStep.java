package dev.unlearning.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The "confuse" step: adds Gaussian noise N(0, std) to every element of every convolution weight and bias, in place,
 * or of those {@link #selected} chooses. Batch norm and linear layers are untouched.
 *
 * <p>Which parameters are convolution parameters:
 * <ul>
 *   <li>DJL blocks: the direct parameters (weight, bias) of every {@link Convolution} block in the tree.</li>
 *   <li>TorchScript modules, whose layer types DJL does not see: a parameter named {@code <prefix>.weight} with 4
 *       dimensions (out, in, kH, kW) is a conv weight, and {@code <prefix>.bias} with the same prefix is its bias.
 *       Linear weights are 2-D and batch-norm weights 1-D, so neither matches. (A 4-D weight of another layer type
 *       would match too; standard image classifiers have none.)</li>
 * </ul>
 *
 * <p>The noise comes from {@link java.util.Random#nextGaussian()} seeded with the request seed and is drawn in
 * parameter order, so a seed gives the same noise on every machine and device.
 */
public final class ConfuseStep {

  private ConfuseStep() {}

  /** Number of tensors and elements the step changed. */
  public record Report(List<String> parameters, long elements) {}

  /** The convolution weights and biases of a model, by parameter name, in parameter order. */
  public static Map<String, NDArray> convParameters(Block block) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    if (block instanceof PtSymbolBlock) {
      Map<String, NDArray> all = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        all.put(p.getKey(), p.getValue().getArray());
      }
      for (Map.Entry<String, NDArray> e : all.entrySet()) {
        String name = e.getKey();
        if (name.endsWith(".weight") && e.getValue().getShape().dimension() == 4) {
          String prefix = name.substring(0, name.length() - ".weight".length());
          out.put(name, e.getValue());
          NDArray bias = all.get(prefix + ".bias");
          if (bias != null) {
            out.put(prefix + ".bias", bias);
          }
        }
      }
    } else {
      collectDjlConvs(block, "", out);
    }
    return out;
  }

  private static void collectDjlConvs(Block block, String path, Map<String, NDArray> out) {
    if (block instanceof Convolution) {
      for (Pair<String, Parameter> p : block.getDirectParameters()) {
        out.put(path + p.getKey(), p.getValue().getArray());
      }
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collectDjlConvs(child.getValue(), path + child.getKey() + "/", out);
    }
  }

  /**
   * The convolutions spec.methodSettings.confuseScope chooses: all of them, the stem (the first convolution in
   * parameter order, e.g. a ResNet's conv1, with its bias), or those of the layers {@code layers} names.
   *
   * @throws InvalidInputException naming spec.methodSettings.confuseLayers when the names match no convolution
   */
  public static Map<String, NDArray> selected(Block block, String scope, List<String> layers) {
    Map<String, NDArray> all = convParameters(block);
    Map<String, NDArray> out = new LinkedHashMap<>();
    if (MethodSettings.CONFUSE_STEM.equals(scope)) {
      all.entrySet().stream().findFirst().ifPresent(first -> {
        String layer = LayerSelection.layerOf(first.getKey());
        all.forEach((name, array) -> {
          if (LayerSelection.layerOf(name).equals(layer)) {
            out.put(name, array);
          }
        });
      });
      return out;
    }
    if (!MethodSettings.CONFUSE_NAMED.equals(scope)) {
      return all;
    }
    LayerSelection selection = LayerSelection.of(layers);
    all.forEach((name, array) -> {
      if (selection.matchesParameter(name)) {
        out.put(name, array);
      }
    });
    if (out.isEmpty()) {
      throw new InvalidInputException(MethodSettings.CONFUSE_LAYERS_FIELD + ": matches no convolution of the model;"
          + " its convolution parameters are " + LayerSelection.listed(all.keySet()));
    }
    return out;
  }

  /** Adds N(0, std) noise to every conv weight and bias of {@code block}; std 0 changes nothing. */
  public static Report apply(Block block, double std, long seed) {
    return apply(block, std, seed, null);
  }

  /**
   * As {@link #apply(Block, double, long)}, but only where {@code mask} is 1 (null: everywhere). The noise is drawn
   * for every element either way, so a mask selects from the same noise.
   */
  public static Report apply(Block block, double std, long seed, GradientMask mask) {
    return apply(convParameters(block), std, seed, mask);
  }

  /** As {@link #apply(Block, double, long, GradientMask)} on the parameters {@code convs} only. */
  public static Report apply(Map<String, NDArray> convs, double std, long seed, GradientMask mask) {
    Random random = new Random(seed);
    long elements = 0;
    List<String> names = new ArrayList<>(convs.keySet());
    if (std == 0) {
      return new Report(names, 0);
    }
    for (NDArray param : convs.values()) {
      int n = Math.toIntExact(param.size());
      float[] noise = new float[n];
      for (int i = 0; i < n; i++) {
        noise[i] = (float) (random.nextGaussian() * std);
      }
      try (NDManager temp = param.getManager().newSubManager()) {
        NDArray add = temp.create(noise, param.getShape());
        NDArray m = mask != null ? mask.of(param) : null;
        if (m != null) {
          add = add.mul(m);
          elements += m.sum().getFloat();
        } else {
          elements += n;
        }
        param.addi(add);
      }
    }
    return new Report(names, elements);
  }
}
