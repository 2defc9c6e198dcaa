package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The saliency mask: its threshold, and that masked training and masked noise touch only the selected weights. */
class GradientMaskTest {

  static final TestData DATA = new TestData(3, 12, 96, 30, 0.2, 2);
  static final int[] FORGET = {0, 5, 9, 13, 20, 33, 47, 50, 61, 70, 88, 95};

  static Model model(ImageDataset train) {
    return ModelIO.builtIn(ModelSpec.SMALL_CNN, 3, train.inputShape(16), Device.cpu());
  }

  @Test
  void thresholdIsTheKthLargestAbsoluteGradient() {
    List<float[]> grads = List.of(new float[] {0.1f, 0.4f}, new float[] {0.3f, 0.2f, 0.5f});
    assertThat(GradientMask.threshold(grads, 5, 0.4)).isEqualTo(0.4f);
    assertThat(GradientMask.threshold(grads, 5, 0.5)).isEqualTo(0.3f); // ceil(2.5) = 3 largest
    assertThat(GradientMask.threshold(grads, 5, 0.01)).isEqualTo(0.5f); // at least one
    assertThat(GradientMask.threshold(grads, 5, 1.0)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void maskedTrainingChangesOnlySelectedWeights() {
    ImageDataset train = DATA.train();
    try (Model model = model(train)) {
      Map<String, NDArray> params = GradientMask.trainable(model);
      try (GradientMask mask = GradientMask.salient(model, train, FORGET, 16, params, 0.3)) {
        assertThat(mask.total()).isEqualTo(params.values().stream().mapToLong(NDArray::size).sum());
        assertThat((double) mask.selected() / mask.total()).isBetween(0.3, 0.31);
        Map<String, float[]> before = TestData.parameters(model);
        Map<String, float[]> masks = new java.util.LinkedHashMap<>();
        params.forEach((name, p) -> masks.put(name, mask.of(p).toFloatArray()));
        // Plain SGD (no momentum, no weight decay): a weight with a zero gradient stays exactly where it was.
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
        new ForgetRetainLoop("unlearn", ProgressListener.NONE).train(model, train, train.allIndices(), 48, FORGET,
            new ForgetRetainLoop.Mix(16, 4, 0.8f, 0.2f, ForgetRetainLoop.ForgetLoss.RANDOM_LABELS), 3, sgd, 1, 7, mask, null);
        Map<String, float[]> after = TestData.parameters(model);
        long changed = 0;
        for (Map.Entry<String, float[]> m : masks.entrySet()) {
          float[] b = before.get(m.getKey());
          float[] a = after.get(m.getKey());
          for (int i = 0; i < b.length; i++) {
            if (m.getValue()[i] == 0f) {
              assertThat(a[i]).as(m.getKey() + "[" + i + "] outside the mask").isEqualTo(b[i]);
            } else if (a[i] != b[i]) {
              changed++;
            }
          }
        }
        assertThat(changed).as("selected weights that moved").isGreaterThan(mask.selected() / 2);
      }
    }
  }

  @Test
  void maskedNoiseFallsOnSelectedConvolutionWeightsOnly() {
    ImageDataset train = DATA.train();
    try (Model model = model(train)) {
      Map<String, NDArray> convs = ConfuseStep.convParameters(model.getBlock());
      try (GradientMask mask = GradientMask.salient(model, train, FORGET, 16, convs, 0.2)) {
        Map<String, float[]> before = TestData.parameters(model);
        float[] convMask = mask.of(convs.get("01Conv2d/weight")).toFloatArray();
        ConfuseStep.Report report = ConfuseStep.apply(model.getBlock(), 0.5, 3, mask);
        assertThat(report.elements()).isEqualTo(mask.selected());
        float[] b = before.get("01Conv2d_weight");
        float[] a = TestData.parameters(model).get("01Conv2d_weight");
        for (int i = 0; i < b.length; i++) {
          assertThat(a[i] != b[i]).as("weight " + i).isEqualTo(convMask[i] == 1f);
        }
        // Linear layers are never candidates.
        assertThat(TestData.parameters(model).get("09Linear_weight")).isEqualTo(before.get("09Linear_weight"));
      }
    }
  }
}
