package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.train.Evaluator;
import java.util.function.BooleanSupplier;

/**
 * The stopping criterion of spec.methodSettings.stopAtHeldOutAccuracy: true once the model's accuracy on (up to
 * {@value #SAMPLE} of) the forget samples has reached the held-out accuracy, the original model's accuracy on the
 * context's held-out set (in the worker a seeded part of the test set, left out of the assessment), which is what a
 * model that never saw the forget set scores on it. Methods that lower forget accuracy stop when it falls to the
 * target, confuse-finetune (whose noise drops it first) when fine-tuning brings it back up to it.
 */
public final class HeldOutStop implements BooleanSupplier {

  static final int SAMPLE = 1024;

  private final Model model;
  private final ImageDataset data;
  private final int[] sample;
  private final int batchSize;
  private final double target;
  private final boolean fromBelow;
  private int checks;
  private double last = Double.NaN;
  private boolean reached;

  HeldOutStop(Model model, MethodContext ctx, boolean fromBelow) {
    this.model = model;
    this.data = ctx.train();
    this.sample = ForgetSplit.sample(ctx.forget(), SAMPLE, ctx.seed() + 17);
    this.batchSize = ctx.batchSize();
    this.target = ctx.heldOut().originalAccuracy();
    this.fromBelow = fromBelow;
  }

  /** The stop check when the request asks for one, else null. */
  static HeldOutStop of(Model model, MethodContext ctx, boolean fromBelow) {
    return ctx.spec().effectiveMethodSettings().effectiveStopAtHeldOutAccuracy()
        ? new HeldOutStop(model, ctx, fromBelow) : null;
  }

  @Override
  public boolean getAsBoolean() {
    checks++;
    last = Evaluator.accuracy(model, data, sample, batchSize);
    reached = fromBelow ? last >= target : last <= target;
    return reached;
  }

  /** Whether the last check met the target, i.e. training stopped on it. */
  public boolean reached() { return reached; }

  public double target() { return target; }
  public int checks() { return checks; }
  public double lastForgetAccuracy() { return last; }
  public int sampleSize() { return sample.length; }
}
