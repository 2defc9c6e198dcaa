package dev.unlearning.engine.evaluation;

import ai.djl.Device;
import ai.djl.Model;
import dev.unlearning.api.Accuracies;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.train.Evaluator;
import org.jboss.logging.Logger;

/**
 * What the result reports for one model (original, unlearned or retrained): accuracy on the retain, forget and test
 * sets and the membership-inference score of forget against test losses.
 */
public final class ModelAssessment {

  private static final Logger LOG = Logger.getLogger(ModelAssessment.class);

  private ModelAssessment() {}

  /**
   * Evaluates {@code model}; the MIA is left out (null), with a warning in the log, only when the forget or test set
   * is too small for the attack's splits or a loss is not finite.
   */
  public static Accuracies assess(Model model, ImageDataset train, ImageDataset test, int[] retain, int[] forget,
      int[] testIdx, int batchSize, long seed) {
    return assess(model, train, test, retain, forget, testIdx, batchSize, seed, null);
  }

  /** As above, with every batch split across {@code devices} (null: the model's own device). */
  public static Accuracies assess(Model model, ImageDataset train, ImageDataset test, int[] retain, int[] forget,
      int[] testIdx, int batchSize, long seed, Device[] devices) {
    SetEvaluation forgetEval = SetEvaluation.of(model, train, forget, batchSize, devices);
    SetEvaluation testEval = SetEvaluation.of(model, test, testIdx, batchSize, devices);
    Accuracies acc = new Accuracies(Evaluator.accuracy(model, train, retain, batchSize, devices),
        forgetEval.accuracy(), testEval.accuracy());
    if (!allFinite(forgetEval.losses()) || !allFinite(testEval.losses())) {
      LOG.warn("membership-inference score skipped: the model gives a NaN or infinite loss on some samples");
    } else if (MembershipInference.canScore(forget.length, testIdx.length)) {
      acc.setMia(MembershipInference.score(forgetEval.losses(), testEval.losses(), seed));
    } else {
      LOG.warnf("membership-inference score skipped: it needs at least %d forget and test samples, got %d and %d",
          MembershipInference.minimumGroupSize(MembershipInference.DEFAULT_TEST_FRACTION), forget.length, testIdx.length);
    }
    return acc;
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
