package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import org.junit.jupiter.api.Test;

/** The anchor holds the original's logits and penalises exactly their squared drift. */
class LogitAnchorTest {

  @Test
  void penaltyIsZeroForTheOriginalAndTheMeanSquaredDriftAfterAChange() {
    ImageDataset data = new TestData(3, 12, 40, 0, 0, 4).train();
    int[] samples = {3, 7, 8, 20, 31};
    int[] batch = {20, 3};
    try (Model model = ModelIO.builtIn(ModelSpec.SMALL_CNN, 3, data.inputShape(8), Device.cpu());
        NDManager m = model.getNDManager().newSubManager()) {
      LogitAnchor anchor = LogitAnchor.measure(model, data, samples, 3, 2);
      assertThat(anchor.size()).isEqualTo(5);
      NDArray before = logits(model, m, data, batch);
      assertThat(anchor.penalty(m, batch, before).getFloat()).isCloseTo(0f, within(1e-6f));
      // Shift the last layer's bias by 0.5: every logit moves by 0.5, so the mean squared drift is 0.25.
      Pair<String, Parameter> last = model.getBlock().getParameters().get(model.getBlock().getParameters().size() - 1);
      assertThat(last.getKey()).endsWith("bias");
      last.getValue().getArray().addi(0.5f);
      assertThat(anchor.penalty(m, batch, logits(model, m, data, batch)).getFloat()).isCloseTo(0.25f, within(1e-4f));
      assertThatThrownBy(() -> anchor.penalty(m, new int[] {5}, before.get("0:1")))
          .isInstanceOf(IllegalStateException.class).hasMessage("retain sample 5 has no anchor logits");
    }
  }

  private static NDArray logits(Model model, NDManager m, ImageDataset data, int[] ids) {
    try (ParallelInference inference = new ParallelInference(model, null)) {
      NDList xy = data.batch(m, ids, 0, ids.length);
      return inference.logits(xy.get(0));
    }
  }
}
