package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.unlearning.engine.DivergedException;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Training steps that mix retain and forget samples, the loop of every method but confuse-finetune's fine-tuning:
 * each step takes the next {@code retainPerStep} samples of a shuffled retain subset and the next {@code forgetPerStep}
 * of the forget set (cycled, reshuffled on every pass), with their true labels or random wrong ones, and minimises
 * {@code retainWeight * mean CE(retain) + forgetWeight * mean CE(forget)} in one forward pass: a negative forget weight
 * ascends the forget loss (NegGrad+). An optional {@link GradientMask} keeps the step to salient weights (SalUn), and
 * an optional stop check ends training early (checked {@value #CHECKS_PER_EPOCH} times per epoch). With frozen
 * layers ({@link FrozenLayers}) only the other layers train; the frozen ones run as the original's.
 */
public final class ForgetRetainLoop {

  public static final int CHECKS_PER_EPOCH = 10;

  /** The loss of a forget sample. */
  public enum ForgetLoss {
    /** Cross-entropy with the true label; a negative weight ascends it (NegGrad+). */
    CROSS_ENTROPY,
    /** Cross-entropy with a random wrong label (random-labels, SalUn). */
    RANDOM_LABELS,
    /**
     * Unlikelihood -log(1 - p_true) (Welleck et al., ICLR 2020), descended with a positive weight: it lowers the true
     * class's probability like ascent does, but its gradient stays near 1 on a memorised sample, where the
     * cross-entropy's vanishes, and fades once the sample is no longer confidently right.
     */
    UNLIKELIHOOD
  }

  /** How each step mixes the two sets. */
  public record Mix(int retainPerStep, int forgetPerStep, float retainWeight, float forgetWeight,
      ForgetLoss forgetLoss) {}

  /** A forget loss a method computes itself: one loss per forget row from the rows' samples and log-probabilities. */
  public interface ForgetTerm {
    NDArray perSample(int[] samples, NDArray logP, NDArray oneHot);
  }

  /** ForgetLoss.UNLIKELIHOOD as a forget term: -log(1 - p_true) of each forget row. */
  private static final ForgetTerm UNLIKELIHOOD_TERM = (samples, logP, oneHot) -> logOneMinusTrue(logP, oneHot).neg();

  /**
   * log(1 - p_true) of each row, from the other classes' probabilities, which keeps its precision near p_true = 1
   * (where 1 - exp(log p_true) rounds to 0).
   */
  public static NDArray logOneMinusTrue(NDArray logP, NDArray oneHot) {
    return logP.add(oneHot.mul(-1e4f)).exp().sum(new int[] {1}).add(1e-12f).log();
  }

  /**
   * The epochs trained, the samples forwarded and back-propagated, whether the stop check ended training, and how
   * many retain rows were replayed.
   */
  public record Result(List<TrainingLoop.EpochStats> epochs, long samples, boolean stopped, long replayed) {}

  private final String phase;
  private final ProgressListener listener;
  private ForgetTerm forgetTerm;
  private LogitAnchor anchor;
  private float anchorWeight;
  private int replay;
  private FrozenLayers frozen;

  public ForgetRetainLoop(String phase, ProgressListener listener) {
    this.phase = phase;
    this.listener = listener;
  }

  /** Adds {@code weight} x the anchor's penalty on each step's retain rows to the loss. */
  public ForgetRetainLoop withRetainAnchor(LogitAnchor anchor, float weight) {
    this.anchor = anchor;
    this.anchorWeight = weight;
    return this;
  }

  /** Puts up to {@code rows} damaged retain samples in each step's retain rows ({@link RetainBatches}). */
  public ForgetRetainLoop withRetainReplay(int rows) {
    this.replay = rows;
    return this;
  }

  /** Trains only the layers {@code layers} leaves trainable, the rest frozen; the caller owns and closes it. */
  public ForgetRetainLoop withFrozenLayers(FrozenLayers layers) {
    this.frozen = layers;
    return this;
  }

  /**
   * The retain samples of {@code epoch}, in their order: the first {@code perEpoch} of a seeded shuffle of
   * {@code retain} (a method measures the anchor's logits on the union over its epochs).
   */
  public static int[] retainOrder(int[] retain, int perEpoch, long seed, int epoch) {
    return Arrays.copyOf(TrainingLoop.shuffled(retain, seed * 1_000_003L + epoch),
        Math.max(1, Math.min(perEpoch, retain.length)));
  }

  /** Uses {@code term} as the forget rows' loss instead of the mix's (their weight stays mix.forgetWeight()). */
  public ForgetRetainLoop withForgetTerm(ForgetTerm term) {
    this.forgetTerm = term;
    return this;
  }

  /**
   * Trains for {@code epochs} epochs of {@code retainPerEpoch} retain samples each.
   *
   * @param mask null to train every weight
   * @param stop null to never stop early; true ends training
   * @throws DivergedException when a step's loss is NaN or infinite
   */
  public Result train(Model model, ImageDataset data, int[] retain, int retainPerEpoch, int[] forget, Mix mix,
      int numClasses, Optimizer optimizer, int epochs, long seed, GradientMask mask, BooleanSupplier stop) {
    int perEpoch = Math.max(1, Math.min(retainPerEpoch, retain.length));
    int steps = (perEpoch + mix.retainPerStep() - 1) / mix.retainPerStep();
    int checkEvery = Math.max(1, steps / CHECKS_PER_EPOCH);
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(optimizer)
        .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
    Random labels = new Random(seed * 31 + 7);
    ForgetCycle cycle = new ForgetCycle(forget, seed);
    List<TrainingLoop.EpochStats> stats = new ArrayList<>();
    long samples = 0;
    long replayed = 0;
    Model trained = frozen != null ? frozen.trainee() : model;
    java.util.Map<String, NDArray> trainable = GradientMask.trainable(trained);
    ForgetTerm term = forgetTerm != null ? forgetTerm
        : mix.forgetLoss() == ForgetLoss.UNLIKELIHOOD ? UNLIKELIHOOD_TERM : null;
    ModelIO.configureThread();
    try (Trainer trainer = trained.newTrainer(config)) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        listener.epochStarted(phase, epoch, epochs, steps);
        RetainBatches batches = new RetainBatches(retainOrder(retain, perEpoch, seed, epoch), mix.retainPerStep(),
            replay);
        double lossSum = 0;
        long correct = 0;
        long retainRows = 0;
        int step = 0;
        // With replay a step takes fewer fresh samples; the step count, hence the cost, stays the same.
        while (batches.hasNext() && step < steps) {
          int[] ids = batches.next();
          int rows = ids.length;
          int[] f = cycle.next(mix.forgetPerStep());
          float loss;
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDList r = data.batch(m, ids, 0, rows);
            NDArray x = r.get(0);
            NDArray y = r.get(1);
            NDArray w = m.full(new ai.djl.ndarray.types.Shape(rows), mix.retainWeight() / rows);
            if (f.length > 0) {
              NDList fb = data.batch(m, f, 0, f.length);
              NDArray fy = mix.forgetLoss() == ForgetLoss.RANDOM_LABELS
                  ? wrongLabels(m, fb.get(1), numClasses, labels) : fb.get(1);
              x = NDArrays.concat(new NDList(x, fb.get(0)));
              y = NDArrays.concat(new NDList(y, fy));
              w = NDArrays.concat(new NDList(w, m.full(new ai.djl.ndarray.types.Shape(f.length),
                  mix.forgetWeight() / f.length)));
            }
            if (frozen != null) {
              x = frozen.input(x);
            }
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDArray logits = trainer.forward(new NDList(x)).head();
              NDArray logP = logits.logSoftmax(1);
              NDArray oneHot = y.oneHot(numClasses);
              NDArray ce = logP.mul(oneHot).sum(new int[] {1}).neg();
              NDArray retainCe = ce.get("0:" + rows);
              NDArray retainLogits = logits.get("0:" + rows);
              if (batches.replays()) {
                batches.observe(ids, retainCe.toFloatArray());
              }
              if (term != null && f.length > 0) {
                ce = NDArrays.concat(new NDList(retainCe,
                    term.perSample(f, logP.get(rows + ":"), oneHot.get(rows + ":"))));
              }
              NDArray l = ce.mul(w).sum();
              if (anchor != null) {
                l = l.add(anchor.penalty(m, ids, retainLogits).mul(anchorWeight));
              }
              loss = l.getFloat();
              if (!Float.isFinite(loss)) {
                throw new DivergedException("training diverged at epoch " + epoch + " step " + (step + 1)
                    + ": loss is " + (Float.isNaN(loss) ? "NaN" : "infinite")
                    + "; lower spec.learningRate");
              }
              collector.backward(l);
              correct += Evaluator.correct(retainLogits, y.get("0:" + rows));
            }
            if (mask != null) {
              mask.apply(trainable);
            }
            trainer.step();
          }
          samples += rows + f.length;
          retainRows += rows;
          lossSum += loss;
          step++;
          listener.batchFinished(phase, loss);
          if (stop != null && (step % checkEvery == 0 || !batches.hasNext()) && synced() && stop.getAsBoolean()) {
            stats.add(epochStats(epoch, lossSum / step, (double) correct / retainRows));
            return new Result(stats, samples, true, replayed + batches.replayed());
          }
        }
        replayed += batches.replayed();
        stats.add(epochStats(epoch, lossSum / step, (double) correct / retainRows));
      }
    }
    synced();
    return new Result(stats, samples, false, replayed);
  }

  /** Makes the model hold what the frozen layers' trainee trained (the stop check reads the model); always true. */
  private boolean synced() {
    if (frozen != null) {
      frozen.sync();
    }
    return true;
  }

  private TrainingLoop.EpochStats epochStats(int epoch, double meanLoss, double accuracy) {
    listener.epochFinished(phase, epoch, meanLoss, accuracy);
    return new TrainingLoop.EpochStats(epoch, meanLoss, accuracy, -1);
  }

  /** A uniformly drawn class other than each label. */
  static NDArray wrongLabels(NDManager m, NDArray labels, int numClasses, Random random) {
    long[] y = labels.toLongArray();
    for (int i = 0; i < y.length; i++) {
      y[i] = (y[i] + 1 + random.nextInt(numClasses - 1)) % numClasses;
    }
    return m.create(y).toType(labels.getDataType(), false);
  }
}
