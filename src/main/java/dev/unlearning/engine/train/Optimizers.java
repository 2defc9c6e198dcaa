package dev.unlearning.engine.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.api.UnlearningRequestSpec;

/** The two optimizers of a run, in one place so the pipeline, the methods and the benchmarks agree. */
public final class Optimizers {

  /** Learning rate of the Adam that pretrains built-in architectures (the request's SGD is for unlearning). */
  public static final float PRETRAIN_LEARNING_RATE = 1e-3f;

  private Optimizers() {}

  /** Adam of the pretraining of built-in architectures and of the retrain-from-scratch reference. */
  public static Optimizer pretrain() {
    return Optimizer.adam().optLearningRateTracker(Tracker.fixed(PRETRAIN_LEARNING_RATE)).build();
  }

  /** The request's SGD of the fine-tuning (learning rate, momentum, weight decay, with their defaults). */
  public static Optimizer fineTune(UnlearningRequestSpec spec) {
    return Optimizer.sgd()
        .setLearningRateTracker(Tracker.fixed((float) spec.effectiveLearningRate()))
        .optMomentum((float) spec.effectiveMomentum())
        .optWeightDecays((float) spec.effectiveWeightDecay())
        .build();
  }
}
