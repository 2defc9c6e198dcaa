package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.model.ModelIO;
import org.junit.jupiter.api.Test;

/** The split before the first dense layer, and the networks it refuses with the request field named. */
class DenseHeadTest {

  static final String FIELD = "spec.methodSettings.frozenFeatures";

  @Test
  void featuresThenHeadGiveTheModelsLogits() {
    try (Model model = ModelIO.builtIn(ModelSpec.SMALL_CNN, 10, new Shape(4, 1, 28, 28), Device.cpu());
        DenseHead dense = DenseHead.of(model, FIELD);
        NDManager m = model.getNDManager().newSubManager()) {
      NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 28, 28));
      NDArray whole = model.getBlock().forward(new ParameterStore(m, false), new ai.djl.ndarray.NDList(x), false)
          .head();
      NDArray features = dense.features(x);
      assertThat(features.getShape()).isEqualTo(new Shape(4, 32 * 7 * 7));
      NDArray split = dense.model().getBlock().forward(new ParameterStore(m, false), new ai.djl.ndarray.NDList(
          features), false).head();
      assertThat(split.toFloatArray()).containsExactly(whole.toFloatArray());
      // The head holds the model's two dense layers (weight and bias each), nothing else.
      assertThat(dense.model().getBlock().getParameters().keys()).hasSize(4).allMatch(k -> k.contains("Linear"));
    }
  }

  @Test
  void aResNetsHeadIsItsClassifierAlone() {
    try (Model model = ModelIO.builtIn(ModelSpec.RESNET18, 10, new Shape(2, 3, 32, 32), Device.cpu());
        DenseHead dense = DenseHead.of(model, FIELD)) {
      assertThat(dense.model().getBlock().getParameters().keys()).hasSize(2).allMatch(k -> k.contains("Linear"));
    }
  }

  @Test
  void aNetworkThatIsNotASequenceIsRefusedNamingTheField() {
    try (Model model = model(Linear.builder().setUnits(3).build())) {
      assertThatThrownBy(() -> DenseHead.of(model, FIELD)).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith(FIELD + ": the model's network is not a sequence of layers");
    }
  }

  @Test
  void aSequenceWithoutLayersBeforeOrAfterItsFirstDenseLayerIsRefused() {
    try (Model model = model(new SequentialBlock().add(Linear.builder().setUnits(3).build()))) {
      assertThatThrownBy(() -> DenseHead.of(model, FIELD)).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith(FIELD + ": the model's network has no fully connected layer after its feature");
    }
    try (Model model = model(new SequentialBlock().add(Blocks.batchFlattenBlock()))) {
      assertThatThrownBy(() -> DenseHead.of(model, FIELD)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no fully connected layer");
    }
  }

  private static Model model(Block block) {
    Model model = Model.newInstance("t", Device.cpu(), "PyTorch");
    model.setBlock(block);
    block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 5));
    return model;
  }
}
