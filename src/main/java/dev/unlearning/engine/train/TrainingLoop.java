package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.unlearning.engine.DivergedException;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Mini-batch training of a model on a subset of a dataset with a DJL {@link Trainer}. Every batch lives in its own
 * sub-manager that is closed after the optimizer step, so native memory stays flat across epochs.
 */
public final class TrainingLoop {

  /** Mean loss and training accuracy of one epoch, and the NDArrays still alive in the model's manager after it. */
  public record EpochStats(int epoch, double loss, double accuracy, int liveArrays) {}

  private final String phase;
  private final ProgressListener listener;

  public TrainingLoop(String phase, ProgressListener listener) {
    this.phase = phase;
    this.listener = listener;
  }

  /**
   * Trains {@code model} for {@code epochs} over {@code indices} of {@code data}, reshuffled every epoch with a
   * permutation seeded from {@code seed} and the epoch.
   *
   * @throws DivergedException when a batch loss is NaN or infinite; the step of that batch is not applied
   */
  public List<EpochStats> train(Model model, ImageDataset data, int[] indices, Loss loss, Optimizer optimizer,
      int epochs, int batchSize, long seed) {
    return train(model, data, indices, indices.length, loss, optimizer, epochs, batchSize, seed);
  }

  /**
   * As {@link #train(Model, ImageDataset, int[], Loss, Optimizer, int, int, long)}, but every epoch trains on only the
   * first {@code samplesPerEpoch} of that epoch's shuffled order: a fresh random subset of the indices each epoch.
   */
  public List<EpochStats> train(Model model, ImageDataset data, int[] indices, int samplesPerEpoch, Loss loss,
      Optimizer optimizer, int epochs, int batchSize, long seed) {
    return train(model, data, indices, samplesPerEpoch, loss, optimizer, epochs, batchSize, seed, null);
  }

  /**
   * As above, and ends training early once {@code stop} (checked {@value ForgetRetainLoop#CHECKS_PER_EPOCH} times
   * per epoch and after the last batch of each) returns true; null never stops early.
   */
  public List<EpochStats> train(Model model, ImageDataset data, int[] indices, int samplesPerEpoch, Loss loss,
      Optimizer optimizer, int epochs, int batchSize, long seed, java.util.function.BooleanSupplier stop) {
    int perEpoch = Math.max(1, Math.min(samplesPerEpoch, indices.length));
    DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
        .optOptimizer(optimizer)
        .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
    List<EpochStats> stats = new ArrayList<>();
    ModelIO.configureThread();
    try (Trainer trainer = model.newTrainer(config)) {
      Block block = model.getBlock();
      if (!block.isInitialized()) {
        trainer.initialize(data.inputShape(Math.min(batchSize, indices.length)));
      }
      long batches = (perEpoch + batchSize - 1L) / batchSize;
      long checkEvery = Math.max(1, batches / ForgetRetainLoop.CHECKS_PER_EPOCH);
      for (int epoch = 1; epoch <= epochs; epoch++) {
        listener.epochStarted(phase, epoch, epochs, batches);
        int[] order = shuffled(indices, seed * 1_000_003L + epoch);
        if (perEpoch < order.length) {
          order = java.util.Arrays.copyOf(order, perEpoch);
        }
        double lossSum = 0;
        long correct = 0;
        for (int from = 0, b = 1; from < order.length; from += batchSize, b++) {
          int to = Math.min(order.length, from + batchSize);
          try (NDManager batchManager = trainer.getManager().newSubManager()) {
            NDList xy = data.batch(batchManager, order, from, to);
            NDList x = new NDList(xy.get(0));
            NDList y = new NDList(xy.get(1));
            float batchLoss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList pred = trainer.forward(x, y);
              NDArray l = trainer.getLoss().evaluate(y, pred);
              batchLoss = l.getFloat();
              if (!Float.isFinite(batchLoss)) {
                throw diverged(epoch, b, batchLoss);
              }
              collector.backward(l);
              correct += Evaluator.correct(pred.head(), y.head());
            }
            trainer.step();
            lossSum += (double) batchLoss * (to - from);
            listener.batchFinished(phase, batchLoss);
          }
          if (stop != null && (b % checkEvery == 0 || to == order.length) && stop.getAsBoolean()) {
            double meanLoss = lossSum / to;
            double accuracy = (double) correct / to;
            listener.epochFinished(phase, epoch, meanLoss, accuracy);
            stats.add(new EpochStats(epoch, meanLoss, accuracy, liveArrays(model)));
            return stats;
          }
        }
        double meanLoss = lossSum / order.length;
        double accuracy = (double) correct / order.length;
        listener.epochFinished(phase, epoch, meanLoss, accuracy);
        stats.add(new EpochStats(epoch, meanLoss, accuracy, liveArrays(model)));
      }
    }
    return stats;
  }

  private DivergedException diverged(int epoch, int batch, float loss) {
    String what = "epoch " + epoch + " batch " + batch + ": loss is " + (Float.isNaN(loss) ? "NaN" : "infinite");
    if ("pretrain".equals(phase)) {
      // Pretraining uses neither the noise nor the request's learning rate.
      return new DivergedException("pretraining diverged at " + what + "; check spec.dataset.normalize");
    }
    return new DivergedException("training diverged at " + what + "; lower spec.noiseStd or spec.learningRate");
  }

  /**
   * NDArrays alive in the whole manager tree of the engine (the root above the model's manager): constant across
   * epochs when nothing leaks.
   */
  static int liveArrays(Model model) {
    NDManager root = model.getNDManager();
    while (root.getParentManager() != null && root.getParentManager() != root) {
      root = root.getParentManager();
    }
    return root.getManagedArrays().size();
  }

  /** The indices in the order of a seeded permutation (the forget split's, so shuffling is machine-independent too). */
  static int[] shuffled(int[] indices, long seed) {
    int[] perm = ForgetSplit.permutation(indices.length, seed);
    int[] out = new int[indices.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = indices[perm[i]];
    }
    return out;
  }
}
