package dev.unlearning.engine.method;

import dev.unlearning.api.Accuracies;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.stage.Assessor;
import dev.unlearning.engine.stage.PhaseClock;
import dev.unlearning.engine.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a method may use: the request, the data and split (through the assessor), the held-out set, and the run's
 * clock.
 */
public final class MethodContext {

  /**
   * Samples the original never trained on, for methods that compare the forget set with unseen data, and the
   * original's accuracy on them. The worker's is a seeded part of its test set that it leaves out of the assessment
   * (spec.methodSettings.heldOutFraction, {@link dev.unlearning.engine.split.HeldOutSplit}); a benchmark passes its
   * own part. Either way a method's criterion never reads the images it is judged on.
   */
  public record HeldOut(ImageDataset data, int[] indices, double originalAccuracy) {}

  private final UnlearningRequestSpec spec;
  private final int numClasses;
  private final Assessor assessor;
  private final PhaseClock clock;
  private final Accuracies original;
  private final HeldOut heldOut;
  private final List<String> phases = new ArrayList<>();

  /** A context whose held-out set is the assessor's test set (for methods that read no held-out data). */
  public MethodContext(UnlearningRequestSpec spec, int numClasses, Assessor assessor, PhaseClock clock,
      Accuracies original) {
    this(spec, numClasses, assessor, clock, original,
        new HeldOut(assessor.test(), assessor.testIndices(), original.getTest()));
  }

  public MethodContext(UnlearningRequestSpec spec, int numClasses, Assessor assessor, PhaseClock clock,
      Accuracies original, HeldOut heldOut) {
    this.heldOut = heldOut;
    this.original = original;
    this.spec = spec;
    this.numClasses = numClasses;
    this.assessor = assessor;
    this.clock = clock;
  }

  public UnlearningRequestSpec spec() { return spec; }
  public int numClasses() { return numClasses; }
  public Assessor assessor() { return assessor; }
  public ImageDataset train() { return assessor.train(); }
  public int[] retain() { return assessor.retain(); }
  public int[] forget() { return assessor.forget(); }
  /** The original model's accuracies, measured before the method runs. */
  public Accuracies original() { return original; }
  /** The held-out samples and the original's accuracy on them. */
  public HeldOut heldOut() { return heldOut; }
  public int batchSize() { return spec.effectiveBatchSize(); }
  public long seed() { return spec.effectiveSeed(); }

  /** Runs a timed phase of the method; its duration counts as unlearning time. */
  public <T> T phase(String name, Supplier<T> step) {
    phases.add(name);
    return clock.timed(name, step);
  }

  public dev.unlearning.engine.ProgressListener listener() { return clock.listener(); }

  /** A training loop reporting progress under the phase's name. */
  public TrainingLoop loop(String phase) {
    return new TrainingLoop(phase, clock.listener(), assessor.devices());
  }

  /** Seconds spent in the method's phases so far. */
  public double seconds() {
    double total = 0;
    for (String p : phases) {
      total += clock.seconds(p);
    }
    return total;
  }
}
