package dev.unlearning.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import static ai.djl.nn.Activation.relu;

import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.unlearning.engine.model.ModelIO;
import java.util.ArrayList;
import java.util.List;

/**
 * The convolutions that crashed oneDNN 3.7.1 on a CPU that hides its cache sizes (CpuCacheCrashTest): torchvision's
 * ResNet-50 on 32x32 images reaches layer4 with 1024 channels of 2x2; its first bottleneck (1x1 1024 -> 512,
 * 3x3 stride 2, 1x1 512 -> 2048, shortcut 1x1 1024 -> 2048 stride 2) and a second one (1x1 2048 -> 512, 3x3,
 * 1x1 512 -> 2048) run forward and backward on a batch of 16, with gradients for the input and every weight.
 * Prints the engine's cache check and then "backward ok"; a crash ends the JVM instead.
 */
public final class ResNet50BottleneckBackward {

  private ResNet50BottleneckBackward() {}

  public static void main(String[] args) {
    Engine engine = ModelIO.engine();
    System.out.println("oneDNN cache check: " + OneDnnCacheSizes.ensure(() -> { }).state());
    try (NDManager manager = NDManager.newBaseManager(ModelIO.ENGINE)) {
      engine.setRandomSeed(21);
      NDArray x = manager.randomNormal(new Shape(16, 1024, 2, 2));
      List<NDArray> weights = new ArrayList<>();
      for (long[] w : new long[][] {{512, 1024, 1}, {512, 512, 3}, {2048, 512, 1}, {2048, 1024, 1},
          {512, 2048, 1}, {512, 512, 3}, {2048, 512, 1}}) {
        weights.add(manager.randomNormal(0, 0.02f, new Shape(w[0], w[1], w[2], w[2]), DataType.FLOAT32));
      }
      x.setRequiresGradient(true);
      weights.forEach(w -> w.setRequiresGradient(true));
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray a = relu(conv(x, weights.get(0), 1, 0));
        a = relu(conv(a, weights.get(1), 2, 1));
        a = relu(conv(a, weights.get(2), 1, 0).add(conv(x, weights.get(3), 2, 0)));
        NDArray b = relu(conv(a, weights.get(4), 1, 0));
        b = relu(conv(b, weights.get(5), 1, 1));
        b = relu(conv(b, weights.get(6), 1, 0).add(a));
        collector.backward(b.sum());
      }
      double gradients = x.getGradient().abs().sum().getFloat();
      for (NDArray w : weights) {
        gradients += w.getGradient().abs().sum().getFloat();
      }
      System.out.println("backward ok, sum of |gradients| " + gradients);
    }
  }

  private static NDArray conv(NDArray input, NDArray weight, int stride, int padding) {
    return Conv2d.conv2d(input, weight, null, new Shape(stride, stride), new Shape(padding, padding)).singletonOrThrow();
  }
}
