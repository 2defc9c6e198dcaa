package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original experiment's settings, from the notebook kept beside the repository in
 * {@code shared/reference/confuse-and-fine-tune-notebook.txt}. CI tests a clone of the repository alone, so each value
 * is stated here with the notebook line it comes from (line numbers of that file). The request model's defaults and
 * the shipped samples are compared with these values, never with the code's own constants, so a default changed by
 * mistake fails a test instead of being copied into it.
 */
public final class Notebook {

  /** Line 142: {@code forget_set, retain_set = keras.utils.split_dataset(train_ds.unbatch(), left_size=0.1)}. */
  public static final double FORGET_FRACTION = 0.1;
  /** Line 185: {@code vision_confuser(net, std=0.6)}. */
  public static final double NOISE_STD = 0.6;
  /** Line 171: {@code epochs = 5}. */
  public static final int EPOCHS = 5;
  /** Line 53: {@code BATCH_SIZE = 128}. */
  public static final int BATCH_SIZE = 128;
  /** Line 177: {@code optim = optimizers.SGD(momentum=0.9, weight_decay=5e-4)}. */
  public static final double MOMENTUM = 0.9;
  /** Line 177: {@code optim = optimizers.SGD(momentum=0.9, weight_decay=5e-4)}. */
  public static final double WEIGHT_DECAY = 5e-4;
  /** Line 177 sets no learning rate, so it is Keras' SGD default {@code learning_rate=0.01} (notebook-notes.md). */
  public static final double LEARNING_RATE = 0.01;
  /** Line 91: {@code Dense(10, activation='softmax')}, CIFAR-10's classes. */
  public static final int NUM_CLASSES = 10;

  private Notebook() {}

  /** Lines 172-173: {@code w = 0.5} and {@code class_weights = [1, w, w, w, w, w, w, w, w, w]}. */
  public static double[] classWeights() {
    return new double[] {1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
  }

  /** Asserts that {@code spec}, with its defaults filled in, runs the notebook's unlearning step. */
  public static void assertMirrored(UnlearningRequestSpec spec) {
    assertThat(spec.effectiveNoiseStd()).as("noiseStd").isEqualTo(NOISE_STD);
    assertThat(spec.effectiveEpochs()).as("epochs").isEqualTo(EPOCHS);
    assertThat(spec.effectiveBatchSize()).as("batchSize").isEqualTo(BATCH_SIZE);
    assertThat(spec.effectiveLearningRate()).as("learningRate").isEqualTo(LEARNING_RATE);
    assertThat(spec.effectiveMomentum()).as("momentum").isEqualTo(MOMENTUM);
    assertThat(spec.effectiveWeightDecay()).as("weightDecay").isEqualTo(WEIGHT_DECAY);
    assertThat(spec.effectiveClassWeights(NUM_CLASSES)).as("classWeights").containsExactly(classWeights());
    assertThat(spec.getModel().effectiveNumClasses()).as("model.numClasses").isEqualTo(NUM_CLASSES);
  }
}
