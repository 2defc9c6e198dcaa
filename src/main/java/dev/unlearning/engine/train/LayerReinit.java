package dev.unlearning.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.unlearning.engine.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Whole-layer re-initialisation for reinit-finetune, on built-in networks and TorchScript models alike. The layers it
 * may choose are the spatial convolutions: a 4-D weight whose kernel is larger than 1x1. That leaves out the
 * projection shortcuts of a ResNet (1x1) and every fully connected layer, as the NeurIPS 2023 entry that
 * re-initialised random whole layers did; in a bottleneck ResNet it also leaves out the blocks' 1x1 convolutions.
 * Fresh values: weights from N(0, 2 / fan_in) (He et al., 2015: the initialisation for ReLU networks, whatever scheme
 * the model was first trained from), biases 0.
 */
public final class LayerReinit {

  /** A layer by name, with its parameters (weight, and bias if it has one) by name. */
  public record Layer(String name, Map<String, NDArray> parameters) {

    NDArray weight() {
      return parameters.entrySet().stream().filter(e -> e.getKey().endsWith("weight")).findFirst()
          .orElseThrow().getValue();
    }
  }

  private LayerReinit() {}

  /** The layers of {@code block} that may be re-initialised, in parameter order. */
  public static List<Layer> eligible(Block block) {
    Map<String, Map<String, NDArray>> byLayer = new LinkedHashMap<>();
    ConfuseStep.convParameters(block).forEach((name, array) ->
        byLayer.computeIfAbsent(LayerSelection.layerOf(name), l -> new LinkedHashMap<>()).put(name, array));
    List<Layer> out = new ArrayList<>();
    byLayer.forEach((name, parameters) -> {
      Layer layer = new Layer(name, parameters);
      long[] shape = layer.weight().getShape().getShape();
      if (shape.length == 4 && shape[2] * shape[3] > 1) {
        out.add(layer);
      }
    });
    return out;
  }

  /**
   * The layers {@link #eligible} finds, refused when there are none.
   *
   * @throws InvalidInputException naming spec.method
   */
  public static List<Layer> check(Block block) {
    List<Layer> layers = eligible(block);
    if (layers.isEmpty()) {
      throw new InvalidInputException("spec.method: reinit-finetune re-initialises spatial convolutions (kernels"
          + " larger than 1x1), and the model has none");
    }
    return layers;
  }

  /** How many of {@code eligible} layers cycle {@code cycle} of {@code cycles} re-initialises: at least one. */
  public static int count(int eligible, double fraction, int cycle, int cycles) {
    return Math.max(1, Math.min(eligible, (int) Math.ceil(fraction * cycle / cycles * eligible - 1e-9)));
  }

  /** {@code count} of {@code layers}, drawn without replacement by {@code random}, in their network order. */
  public static List<Layer> choose(List<Layer> layers, int count, Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<Integer> picked = new ArrayList<>(order.subList(0, count));
    Collections.sort(picked);
    return picked.stream().map(layers::get).toList();
  }

  /** Re-initialises {@code layer} in place from {@code random}; returns the number of elements written. */
  public static long reinitialise(Layer layer, Random random) {
    long[] shape = layer.weight().getShape().getShape();
    double std = Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3]));
    long elements = 0;
    NDArray weight = layer.weight();
    for (NDArray param : layer.parameters().values()) {
      int n = Math.toIntExact(param.size());
      float[] values = new float[n];
      if (param == weight) {
        for (int i = 0; i < n; i++) {
          values[i] = (float) (random.nextGaussian() * std);
        }
      }
      try (NDManager temp = param.getManager().newSubManager()) {
        // In place, so a TorchScript module's own tensor (and any optimizer holding it) sees the new values.
        param.muli(0).addi(temp.create(values, param.getShape()));
      }
      elements += n;
    }
    return elements;
  }
}
