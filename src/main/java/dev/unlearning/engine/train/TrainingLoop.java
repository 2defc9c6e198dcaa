package dev.unlearning.engine.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.Batchifier;
import dev.unlearning.engine.DivergedException;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.BatchReader;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Mini-batch training of a model on a subset of a dataset with a DJL {@link Trainer}. Every batch lives in its own
 * sub-manager that is closed after the optimizer step, so native memory stays flat across epochs.
 *
 * <p>Data-parallel on several devices as DJL's {@code EasyTrain.trainBatch} does it: the trainer mirrors the
 * parameters on every device, each batch is split across them by its batchifier ({@link Batch#split}), every split
 * runs forward and backward on its device, and DJL's parameter server sums the gradients before the optimizer step.
 * Each split's mean loss is weighted by its share of the batch, so the summed gradient is the gradient of the whole
 * batch's mean loss and a learning rate means the same on one device as on eight. One device is the same code path.
 * A TorchScript module, whose tensors DJL cannot mirror, trains the same way on copies of itself ({@link
 * ModuleReplicas}): DJL's trainer steps the original with the gradients of all copies added in.
 */
public final class TrainingLoop {

  /** Mean loss and training accuracy of one epoch, and the NDArrays still alive in the model's manager after it. */
  public record EpochStats(int epoch, double loss, double accuracy, int liveArrays) {}

  private final String phase;
  private final ProgressListener listener;
  private final Device[] devices;
  private java.util.function.IntConsumer epochStart;

  /** Trains on the model's own device. */
  public TrainingLoop(String phase, ProgressListener listener) {
    this(phase, listener, null);
  }

  /** Trains on {@code devices} (see {@link Devices#usableBy}); null means the model's own device. */
  public TrainingLoop(String phase, ProgressListener listener, Device[] devices) {
    this.phase = phase;
    this.listener = listener;
    this.devices = devices;
  }

  /** Runs {@code hook} with the epoch's number before each epoch trains (it may change the model's parameters). */
  public TrainingLoop onEpochStart(java.util.function.IntConsumer hook) {
    this.epochStart = hook;
    return this;
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
    Device[] on = devices != null ? devices : Devices.of(model);
    // DJL's trainer mirrors a DJL block on every device; a TorchScript module gets copies (ModuleReplicas) instead.
    boolean replicate = on.length > 1 && ModelIO.isTorchScript(model);
    DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(optimizer)
        .optDevices(replicate ? new Device[] {on[0]} : on);
    List<EpochStats> stats = new ArrayList<>();
    ModelIO.configureThread();
    try (Trainer trainer = model.newTrainer(config);
        ModuleReplicas replicas = replicate ? ModuleReplicas.of(model, on) : null) {
      Block block = model.getBlock();
      if (!block.isInitialized()) {
        trainer.initialize(data.inputShape(Math.min(batchSize, indices.length)));
      }
      long batches = (perEpoch + batchSize - 1L) / batchSize;
      long checkEvery = Math.max(1, batches / ForgetRetainLoop.CHECKS_PER_EPOCH);
      for (int epoch = 1; epoch <= epochs; epoch++) {
        if (epochStart != null) {
          epochStart.accept(epoch);
          if (replicas != null) {
            replicas.broadcastParameters();
          }
        }
        listener.epochStarted(phase, epoch, epochs, batches);
        int[] order = shuffled(indices, seed * 1_000_003L + epoch);
        if (perEpoch < order.length) {
          order = java.util.Arrays.copyOf(order, perEpoch);
        }
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchReader reader = data.reader(order, batchSize)) {
          for (int b = 1; b <= batches; b++) {
            try (NDManager batchManager = trainer.getManager().newSubManager()) {
              NDList xy = reader.next(batchManager);
              int n = Math.toIntExact(xy.get(1).size());
              Batch batch = new Batch(batchManager, new NDList(xy.get(0)), new NDList(xy.get(1)), n,
                  Batchifier.STACK, Batchifier.STACK, b, batches);
              float batchLoss = 0;
              try (GradientCollector collector = trainer.newGradientCollector()) {
                Batch[] splits = batch.split(on, false);
                for (int i = 0; i < splits.length; i++) {
                  NDList x = splits[i].getData();
                  NDList y = splits[i].getLabels();
                  NDList pred = replicate && i > 0
                      ? replicas.block(i).forward(new ParameterStore(splits[i].getManager(), false), x, true)
                      : trainer.forward(x, y);
                  NDArray l = trainer.getLoss().evaluate(y, pred);
                  float share = (float) y.head().size() / n;
                  float splitLoss = l.getFloat();
                  if (!Float.isFinite(splitLoss)) {
                    throw diverged(epoch, b, splitLoss);
                  }
                  batchLoss += splitLoss * share;
                  collector.backward(share == 1f ? l : l.mul(share));
                  correct += Evaluator.correct(pred.head(), y.head());
                }
              }
              if (replicas != null) {
                replicas.reduceGradients();
              }
              trainer.step();
              if (replicas != null) {
                replicas.broadcastParameters();
              }
              lossSum += (double) batchLoss * n;
              seen += n;
              listener.batchFinished(phase, batchLoss);
            }
            if (stop != null && (b % checkEvery == 0 || b == batches) && stop.getAsBoolean()) {
              double meanLoss = lossSum / seen;
              double accuracy = (double) correct / seen;
              listener.epochFinished(phase, epoch, meanLoss, accuracy);
              stats.add(new EpochStats(epoch, meanLoss, accuracy, liveArrays(model)));
              return stats;
            }
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
