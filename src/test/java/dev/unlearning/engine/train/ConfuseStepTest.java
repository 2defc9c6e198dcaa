package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.model.ModelIO;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfuseStepTest {


  @Test
  void builtInModelChangesExactlyConvWeightsAndBiases() {
    try (Model model = ModelIO.builtIn(ModelSpec.SMALL_CNN, 10, new Shape(2, 1, 28, 28), Device.cpu())) {
      Map<String, float[]> before = TestData.parameters(model);
      Set<String> convNames = ConfuseStep.convParameters(model.getBlock()).keySet();
      // two Conv2d blocks, each with weight and bias
      assertThat(convNames).hasSize(4);
      ConfuseStep.Report report = ConfuseStep.apply(model.getBlock(), 0.6, 42);
      assertThat(report.elements()).isEqualTo(16 * 1 * 25 + 16 + 32 * 16 * 9 + 32);
      assertChangedExactly(before, TestData.parameters(model), Set.of("01Conv2d_weight", "01Conv2d_bias", "05Conv2d_weight",
          "05Conv2d_bias"), 0.6);
    }
  }

  @Test
  void torchScriptModelChangesExactlyConvWeightsAndBiases() {
    try (Model model = ModelIO.loadTorchScript(TestData.TINY_CNN, Device.cpu())) {
      Map<String, float[]> before = TestData.parameters(model);
      ConfuseStep.apply(model.getBlock(), 0.6, 42);
      assertChangedExactly(before, TestData.parameters(model), Set.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"),
          0.6);
    }
  }

  @Test
  void sameSeedSameNoise() {
    float[] a;
    float[] b;
    try (Model model = ModelIO.loadTorchScript(TestData.TINY_CNN, Device.cpu())) {
      ConfuseStep.apply(model.getBlock(), 0.3, 7);
      a = TestData.parameters(model).get("conv2.weight");
    }
    try (Model model = ModelIO.loadTorchScript(TestData.TINY_CNN, Device.cpu())) {
      ConfuseStep.apply(model.getBlock(), 0.3, 7);
      b = TestData.parameters(model).get("conv2.weight");
    }
    assertThat(a).containsExactly(b);
  }

  @Test
  void resnet18ConvParametersAreTheTwentyConvWeights() {
    try (Model model = ModelIO.builtIn(ModelSpec.RESNET18, 10, new Shape(1, 3, 32, 32), Device.cpu())) {
      // stem + 16 block convs + 3 projection shortcuts, bias-free as in torchvision
      Map<String, ai.djl.ndarray.NDArray> convs = ConfuseStep.convParameters(model.getBlock());
      assertThat(convs).hasSize(20);
      assertThat(convs.keySet()).allMatch(n -> n.endsWith("weight"));
      assertThat(convs.values()).allMatch(a -> a.getShape().dimension() == 4);
    }
  }


  private static void assertChangedExactly(Map<String, float[]> before, Map<String, float[]> after, Set<String> changed,
      double std) {
    assertThat(after.keySet()).containsAll(changed);
    double sum = 0;
    double sumSq = 0;
    long n = 0;
    for (Map.Entry<String, float[]> e : before.entrySet()) {
      float[] b = e.getValue();
      float[] a = after.get(e.getKey());
      if (changed.contains(e.getKey())) {
        for (int i = 0; i < b.length; i++) {
          double d = (double) a[i] - b[i];
          assertThat(d).as("element %d of %s", i, e.getKey()).isNotZero();
          sum += d;
          sumSq += d * d;
          n++;
        }
      } else {
        assertThat(a).as("parameter %s must be bit-identical", e.getKey()).containsExactly(b);
      }
    }
    double mean = sum / n;
    double empiricalStd = Math.sqrt(sumSq / n - mean * mean);
    assertThat(empiricalStd).isCloseTo(std, within(std * 0.1));
    assertThat(mean).isCloseTo(0, within(std * 0.15));
  }
}
