package dev.unlearning.engine.stage;

import ai.djl.Device;
import ai.djl.Model;
import dev.unlearning.api.Accuracies;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.evaluation.ModelAssessment;

/**
 * Assess stage: the same measurements for the original, the unlearned and the retrained model (retain, forget and test
 * accuracy, MIA), on one split, with every batch split across the run's devices (the training uses them too).
 */
public record Assessor(ImageDataset train, ImageDataset test, int[] retain, int[] forget, int[] testIndices,
    int batchSize, long seed, Device[] devices) {

  public Accuracies assess(Model model) {
    return ModelAssessment.assess(model, train, test, retain, forget, testIndices, batchSize, seed, devices);
  }

  /** Assesses the model as a timed phase. */
  public Accuracies assess(String phase, Model model, PhaseClock clock) {
    return clock.timed(phase, () -> assess(model));
  }
}
