package dev.unlearning.engine.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.train.LayerReinit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * reinit-finetune: which layers it may re-draw, how many per cycle, what the fresh values are, and that it forgets a
 * memorised forget set on the small CNN and on a residual network (the built-in ResNet-18) without reading it. On the
 * ResNet the settings are the ones of a small sweep (2 or 4 epochs x lr 0.005 / 0.01 / 0.02 x anchor 0 / 1 / 4) that
 * kept retain accuracy: with the anchor, SGD on the re-drawn layers diverged or collapsed in 5 of 12 runs.
 */
class ReinitFineTuneTest {

  @Test
  void onlyTheSpatialConvolutionsOfAResNetMayBeReinitialised() {
    try (Model model = ModelIO.builtIn(ModelSpec.RESNET18, 4, new Shape(2, 1, 12, 12), Device.cpu())) {
      List<LayerReinit.Layer> layers = LayerReinit.eligible(model.getBlock());
      // The 3x3 stem and the 16 3x3 convolutions of the 8 BasicBlocks; the 3 projection shortcuts (1x1) and the
      // classifier are left out.
      assertThat(layers).hasSize(17);
      assertThat(layers).allSatisfy(l -> assertThat(l.parameters().values().iterator().next().getShape().get(2))
          .isEqualTo(3));
    }
  }

  @Test
  void eachCycleReinitialisesAGrowingShareOfTheLayers() {
    assertThat(List.of(LayerReinit.count(17, 0.3, 1, 3), LayerReinit.count(17, 0.3, 2, 3),
        LayerReinit.count(17, 0.3, 3, 3))).containsExactly(2, 4, 6);
    assertThat(LayerReinit.count(2, 0.3, 1, 3)).as("at least one layer").isEqualTo(1);
    assertThat(LayerReinit.count(2, 1.0, 3, 3)).isEqualTo(2);
    List<LayerReinit.Layer> five = List.of("a", "b", "c", "d", "e").stream()
        .map(n -> new LayerReinit.Layer(n, Map.of())).toList();
    List<LayerReinit.Layer> two = LayerReinit.choose(five, 2, new Random(1));
    assertThat(two).as("drawn without replacement, in network order").hasSize(2).doesNotHaveDuplicates()
        .isSortedAccordingTo(java.util.Comparator.comparingInt(five::indexOf));
    assertThat(LayerReinit.choose(five, 2, new Random(1))).as("seeded").isEqualTo(two);
  }

  @Test
  void aReinitialisedLayerHoldsFreshHeValuesAndNothingElseChanges() {
    try (Model model = ModelIO.builtIn(ModelSpec.RESNET18, 4, new Shape(2, 1, 12, 12), Device.cpu())) {
      List<LayerReinit.Layer> layers = LayerReinit.eligible(model.getBlock());
      Map<String, float[]> before = MemorisedModel.parameters(model);
      List<LayerReinit.Layer> chosen = LayerReinit.choose(layers, 1, new Random(3));
      LayerReinit.Layer layer = chosen.get(0);
      long written = LayerReinit.reinitialise(layer, new Random(4));
      NDArray weight = layer.parameters().values().iterator().next();
      long[] shape = weight.getShape().getShape();
      assertThat(written).isEqualTo(weight.size());
      float[] w = weight.toFloatArray();
      double mean = 0;
      for (float v : w) {
        mean += v;
      }
      mean /= w.length;
      double var = 0;
      for (float v : w) {
        var += (v - mean) * (v - mean);
      }
      double std = Math.sqrt(var / w.length);
      double expected = Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3]));
      // At least 576 values (the 3x3 stem has 64 x 1 x 3 x 3): std within 10%, mean within 4 standard errors.
      assertThat(std).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.1 * expected));
      assertThat(Math.abs(mean)).isLessThan(4 * expected / Math.sqrt(w.length));
      Map<String, float[]> after = MemorisedModel.parameters(model);
      long changed = before.keySet().stream()
          .filter(name -> !java.util.Arrays.equals(before.get(name), after.get(name))).count();
      assertThat(changed).as("arrays changed in the whole model: the chosen layer's weight only (no bias)")
          .isEqualTo(1);
    }
  }

  @Test
  void aModelWithoutSpatialConvolutionsIsRefusedNamingTheMethod() {
    SequentialBlock dense = new SequentialBlock().add(Linear.builder().setUnits(4).build());
    try (Model model = Model.newInstance("dense", Device.cpu(), ModelIO.ENGINE)) {
      model.setBlock(dense);
      dense.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 8));
      assertThatThrownBy(() -> LayerReinit.check(model.getBlock())).isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.method: reinit-finetune re-initialises spatial convolutions (kernels larger than 1x1),"
              + " and the model has none");
    }
  }

  static UnlearningRequestSpec reinitFineTune(int epochs, double lr) {
    UnlearningRequestSpec spec = MemorisedModel.spec(MethodSettings.REINIT_FINETUNE);
    spec.setEpochs(epochs);
    spec.setLearningRate(lr);
    return spec;
  }

  @Test
  void forgetsOnTheSmallCnnWithAndWithoutDistillation() {
    MemorisedModel memorised = new MemorisedModel();
    MemorisedModel.Run plain = memorised.unlearn(reinitFineTune(2, 0.01));
    UnlearningMethodsTest.assertForgets(plain);
    assertThat(plain.outcome().report()).containsEntry("reinitCycles", 3).containsEntry("eligibleLayers", 2)
        .containsEntry("retainAnchor", 0.0).doesNotContainKey("anchorSamples");
    assertThat(plain.outcome().changedParameters()).isNotEmpty();
    UnlearningRequestSpec distilled = reinitFineTune(2, 0.01);
    MethodSettings s = new MethodSettings();
    s.setRetainAnchor(1.0);
    distilled.setMethodSettings(s);
    MemorisedModel.Run run = memorised.unlearn(distilled);
    UnlearningMethodsTest.assertForgets(run);
    // The anchor covers every retain sample the three cycles train on (here the whole retain set, 240).
    assertThat(run.outcome().report()).containsEntry("retainAnchor", 1.0).containsEntry("anchorSamples", 240);
  }

  @Test
  void forgetsOnAMemorisedResNet18() {
    MemorisedModel memorised = new MemorisedModel(ModelSpec.RESNET18, 15);
    MemorisedModel.Run run = memorised.unlearn(reinitFineTune(4, 0.005));
    UnlearningMethodsTest.assertForgets(run);
    @SuppressWarnings("unchecked")
    List<String> cycles = (List<String>) run.outcome().report().get("reinitialisedLayers");
    assertThat(cycles).hasSize(3);
    assertThat(cycles.get(2).split(",")).hasSize(6);
  }
}
