package dev.unlearning.engine.method;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.stage.Assessor;
import dev.unlearning.engine.stage.PhaseClock;
import dev.unlearning.engine.train.Evaluator;
import dev.unlearning.engine.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small CNN that memorised its training set, for the method tests: 4 classes of 12x12 prototypes, 30% of the 320
 * training labels random (so the model gets those forget samples right only by memorising them), trained 30 epochs
 * until forget accuracy is above 0.95. Trained once per test class and reloaded fresh for every method.
 */
final class MemorisedModel {

  static final int CLASSES = 4;
  static final int BATCH = 32;

  final ImageDataset train;
  final ImageDataset test;
  final Assessor assessor;
  /** 200 more images drawn like the training set, labels as noisy, which the original never saw. */
  final ImageDataset unseen;
  private final Path dir;
  private final String architecture;

  MemorisedModel() {
    this(ModelSpec.SMALL_CNN, 30);
  }

  /** The same task memorised by a built-in {@code architecture}, pretrained {@code epochs} epochs. */
  MemorisedModel(String architecture, int epochs) {
    this.architecture = architecture;
    TestData data = new TestData(CLASSES, 12, 320, 200, 0.3, 11);
    // The same seed draws the same 320 training images first, then 200 more from the same distribution.
    unseen = new TestData(CLASSES, 12, 520, 0, 0.3, 11).train();
    train = data.train();
    test = data.test();
    ForgetSplit split = ForgetSplit.byFraction(train.size(), 0.25, 3);
    assessor = new Assessor(train, test, split.retain(), split.forget(), test.allIndices(), 64, 1, null);
    try {
      dir = Files.createTempDirectory("memorised-");
      ModelIO.engine().setRandomSeed(1);
      try (Model model = fresh()) {
        new TrainingLoop("pretrain", ProgressListener.NONE).train(model, train, train.allIndices(),
            Loss.softmaxCrossEntropyLoss(), Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-3f)).build(), epochs,
            BATCH, 1);
        model.save(dir, "original");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the memorised original. */
  Model original() {
    Model model = fresh();
    try {
      model.load(dir, "original");
    } catch (IOException | MalformedModelException e) {
      model.close();
      throw new IllegalStateException(e);
    }
    return model;
  }

  private Model fresh() {
    return ModelIO.builtIn(architecture, CLASSES, train.inputShape(BATCH), Device.cpu());
  }

  /** A request with the tests' batch size and seed; the method's fields are for the caller to set. */
  static UnlearningRequestSpec spec(String method) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setMethod(method);
    spec.setBatchSize(BATCH);
    spec.setSeed(5L);
    return spec;
  }

  /** Runs the request's method on a fresh copy of the original; returns the accuracies before and after. */
  Run unlearn(UnlearningRequestSpec spec) {
    return unlearn(spec, false);
  }

  /**
   * The same; with {@code unseenHeldOut} the method's held-out set is the 200 unseen noisy images instead of the
   * clean test set (the test set still measures test accuracy).
   */
  Run unlearn(UnlearningRequestSpec spec, boolean unseenHeldOut) {
    return unlearn(spec, unseenHeldOut, model -> { });
  }

  /** The same, handing the unlearned model to {@code inspect} before it is closed. */
  Run unlearn(UnlearningRequestSpec spec, boolean unseenHeldOut, java.util.function.Consumer<Model> inspect) {
    try (Model model = original()) {
      Accuracies before = assessor.assess(model);
      int[] extra = java.util.stream.IntStream.range(320, 520).toArray();
      MethodContext.HeldOut heldOut = unseenHeldOut
          ? new MethodContext.HeldOut(unseen, extra, Evaluator.accuracy(model, unseen, extra, BATCH))
          : new MethodContext.HeldOut(test, test.allIndices(), before.getTest());
      MethodContext ctx = new MethodContext(spec, CLASSES, assessor, new PhaseClock(ProgressListener.NONE), before,
          heldOut);
      MethodOutcome outcome = Methods.of(spec).unlearn(model, ctx);
      inspect.accept(model);
      return new Run(before, assessor.assess(model), outcome, ctx.seconds());
    }
  }

  /** Every parameter of {@code model} (running statistics included), by name, as values. */
  static java.util.Map<String, float[]> parameters(Model model) {
    java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
    model.getBlock().getParameters().forEach(p -> out.put(p.getKey(), p.getValue().getArray().toFloatArray()));
    return out;
  }

  record Run(Accuracies before, Accuracies after, MethodOutcome outcome, double seconds) {
    @Override
    public String toString() {
      return String.format("retain %.3f->%.3f forget %.3f->%.3f test %.3f->%.3f mia %s->%s epochs %d %s",
          before.getRetain(), after.getRetain(), before.getForget(), after.getForget(), before.getTest(),
          after.getTest(), before.getMia(), after.getMia(), outcome.epochs().size(), outcome.report());
    }
  }
}
