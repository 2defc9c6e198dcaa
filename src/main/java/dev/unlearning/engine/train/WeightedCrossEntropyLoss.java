package dev.unlearning.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Class-weighted cross-entropy of the unlearning method: loss = -(1/N) * sum_i w[y_i] * log p_i, where p_i is the
 * softmax probability of sample i's true class. It is the plain mean over the batch, not divided by the sum of the
 * weights (DJL's SoftmaxCrossEntropyLoss only takes one scalar weight). Predictions are logits.
 */
public final class WeightedCrossEntropyLoss extends Loss {

  private final float[] classWeights;

  public WeightedCrossEntropyLoss(double[] classWeights) {
    super("WeightedCrossEntropyLoss");
    this.classWeights = new float[classWeights.length];
    for (int i = 0; i < classWeights.length; i++) {
      this.classWeights[i] = (float) classWeights[i];
    }
  }

  /** The class weights (a copy). */
  public float[] classWeights() {
    return classWeights.clone();
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray label = labels.singletonOrThrow();
    // One-hot selects log p of the true class and, multiplied with the weight row, w[y_i]; both stay differentiable.
    NDArray oneHot = label.toType(ai.djl.ndarray.types.DataType.INT64, false).oneHot(classWeights.length);
    NDArray weights = logits.getManager().create(classWeights);
    NDArray weightedLogP = logits.logSoftmax(1).mul(oneHot.mul(weights)).sum(new int[] {1});
    return weightedLogP.mean().neg();
  }
}
