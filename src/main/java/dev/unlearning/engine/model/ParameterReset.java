package dev.unlearning.engine.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.engine.InvalidInputException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A copy of a TorchScript module re-initialised as PyTorch's own layers do it in {@code reset_parameters()}, for the
 * retrain-from-scratch reference of a model whose architecture the worker does not know. The layer kind comes from
 * each module's TorchScript class ({@code torch.nn.Conv2d}, {@code Linear}, {@code BatchNorm2d} ...):
 * <ul>
 *   <li>convolutions (1-3d, transposed) and linear layers: weight and bias uniform in +-1/sqrt(fan_in), fan_in the
 *       product of the weight's dimensions after the first (kaiming_uniform_ with a = sqrt(5) gives exactly that
 *       bound); with {@code kaiming-normal}, torchvision's ResNet scheme, convolution weights N(0, 2 / fan_out) instead,
 *       fan_out = out channels x kernel size;</li>
 *   <li>batch, instance, layer and group norms: weight 1, bias 0, running mean 0, running variance 1, no batch
 *       tracked (the buffers are written in the module's archive, since DJL exposes parameters only).</li>
 * </ul>
 * A parameter of any other module class is refused: the reference would keep what the original learned there.
 * Values are drawn with {@link Random} from the run's seed in parameter order, so a seed gives the same reference on
 * every machine.
 */
public final class ParameterReset {

  private static final Set<String> FAN_IN = Set.of("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
      "ConvTranspose3d", "Linear");
  private static final Set<String> CONVOLUTIONS = Set.of("Conv1d", "Conv2d", "Conv3d");
  private static final Set<String> NORMS = Set.of("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm",
      "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LayerNorm", "GroupNorm");

  /** The copy, and a note for result.json when the model has an initialisation of its own that this one is not. */
  public record Copy(Model model, String note) {}

  private ParameterReset() {}

  /**
   * A re-initialised copy of {@code model} on its device, in training mode; the caller closes it.
   *
   * @throws InvalidInputException naming {@code field} for a parameter of a layer kind this cannot re-initialise
   */
  public static Copy of(Model model, String scheme, long seed, String field) {
    TorchScriptArchive archive = TorchScriptArchive.of(model);
    Map<String, String> classes = classes(archive);
    Map<String, Shape> weights = weightShapes(model, classes, field);
    archive.tensors().forEach((name, tensor) -> {
      if (NORMS.contains(classes.getOrDefault(layerOf(name), ""))) {
        if (name.endsWith(".running_mean") || name.endsWith(".num_batches_tracked")) {
          archive.fill(name, 0);
        } else if (name.endsWith(".running_var")) {
          archive.fill(name, 1);
        }
      }
    });
    Model copy = Model.newInstance("reference", model.getNDManager().getDevice(), ModelIO.ENGINE);
    try {
      PtSymbolBlock block = archive.load((PtNDManager) copy.getNDManager());
      JniUtils.enableTrainingMode(block);
      copy.setBlock(block);
      block.freezeParameters(false);
      Random random = new Random(seed);
      for (Pair<String, Parameter> p : block.getParameters()) {
        String layer = layerOf(p.getKey());
        boolean normal = ReferenceSpec.KAIMING_NORMAL.equals(scheme) && CONVOLUTIONS.contains(classes.get(layer));
        reset(p.getValue().getArray(), classes.get(layer), p.getKey().endsWith("weight"), weights.get(layer), normal,
            random);
      }
      return new Copy(copy, note(archive.rootClass(), scheme));
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /**
   * Refuses, as {@link #of} would, a model with a parameter of a layer kind this cannot re-initialise; copies nothing.
   *
   * @throws InvalidInputException naming {@code field}
   */
  public static void check(Model model, String field) {
    weightShapes(model, classes(TorchScriptArchive.of(model)), field);
  }

  private static Map<String, String> classes(TorchScriptArchive archive) {
    Map<String, String> classes = new HashMap<>();
    archive.modules().forEach(m -> classes.put(m.path(), simpleName(m.className())));
    return classes;
  }

  /** Each layer's weight shape (its fan-in and fan-out), once every parameter is known to be re-initialisable. */
  private static Map<String, Shape> weightShapes(Model model, Map<String, String> classes, String field) {
    Map<String, Shape> weights = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      String kind = classes.getOrDefault(layerOf(p.getKey()), "?");
      String attr = p.getKey().substring(p.getKey().lastIndexOf('.') + 1);
      if (!(FAN_IN.contains(kind) || NORMS.contains(kind)) || !(attr.equals("weight") || attr.equals("bias"))) {
        throw new InvalidInputException(field + ": parameter " + p.getKey() + " (of a " + kind + ") is not the weight"
            + " or bias of a convolution, linear or normalisation layer, so it cannot be re-initialised as PyTorch's"
            + " reset_parameters() does; give spec.reference.model (a model you retrained without the forget set)"
            + " instead");
      }
      if (attr.equals("weight")) {
        weights.put(layerOf(p.getKey()), p.getValue().getArray().getShape());
      }
    }
    return weights;
  }

  private static void reset(NDArray param, String kind, boolean weight, Shape weightShape, boolean normal,
      Random random) {
    int n = Math.toIntExact(param.size());
    float[] v = new float[n];
    if (NORMS.contains(kind)) {
      java.util.Arrays.fill(v, weight ? 1f : 0f);
    } else if (weightShape == null) {
      // A bias without a weight (no standard layer has one): PyTorch's fan-in is unknown, so stay within +-1.
      fillUniform(v, 1, random);
    } else if (normal && weight) {
      long fanOut = weightShape.get(0) * receptiveField(weightShape);
      double std = Math.sqrt(2.0 / fanOut);
      for (int i = 0; i < n; i++) {
        v[i] = (float) (random.nextGaussian() * std);
      }
    } else {
      long fanIn = weightShape.get(1) * receptiveField(weightShape);
      fillUniform(v, 1 / Math.sqrt(fanIn), random);
    }
    try (NDManager scratch = param.getManager().newSubManager()) {
      param.set(new NDIndex("..."), scratch.create(v, param.getShape()).toType(param.getDataType(), false));
    }
  }

  private static void fillUniform(float[] v, double bound, Random random) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
  }

  private static long receptiveField(Shape weight) {
    long r = 1;
    for (int d = 2; d < weight.dimension(); d++) {
      r *= weight.get(d);
    }
    return r;
  }

  /** Why the reference is initialised differently from the model's own code, when its class says so. */
  static String note(String rootClass, String scheme) {
    boolean torchvision = rootClass.contains("torchvision.models");
    if (torchvision && rootClass.contains("resnet") && ReferenceSpec.RESET_PARAMETERS.equals(scheme)) {
      return "the model is torchvision's " + simpleName(rootClass) + ", which initialises its convolutions"
          + " Kaiming-normal (fan_out, ReLU); this reference used PyTorch's reset_parameters() of each layer instead"
          + " (spec.reference.initialization: kaiming-normal gives torchvision's scheme)";
    }
    if (torchvision && !rootClass.contains("resnet")) {
      return "the model is torchvision's " + simpleName(rootClass) + ", which may initialise its layers in its own way;"
          + " this reference used " + scheme;
    }
    return null;
  }

  private static String layerOf(String parameter) {
    int cut = parameter.lastIndexOf('.');
    return cut < 0 ? "" : parameter.substring(0, cut);
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
