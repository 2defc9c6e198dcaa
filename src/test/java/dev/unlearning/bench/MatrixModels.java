package dev.unlearning.bench;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.stage.Assessor;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two models every method of the matrix is compared with, trained once per seed (the original, on the whole
 * training part) and once per seed and forget fraction (the retrained reference, on the retain set), exactly as the
 * worker pretrains (Adam 1e-3, batch 128, the engine seeded with the run's seed), and kept in a cache directory with
 * the reference's accuracies and its wall and CPU seconds, so an interrupted matrix resumes where it stopped.
 */
final class MatrixModels {

  static final int BATCH = 128;

  /** Logs each epoch of the long trainings, so a progress log shows where a run is. */
  static final ProgressListener EPOCH_LOG = new ProgressListener() {
    @Override
    public void epochFinished(String phase, int epoch, double meanLoss, double trainAccuracy) {
      log(String.format(java.util.Locale.ROOT, "%s epoch %d: loss %.4f, accuracy %.4f", phase, epoch, meanLoss,
          trainAccuracy));
    }
  };

  /** A retrained reference: its accuracies and what its training cost. */
  record Reference(Accuracies accuracies, double wallSeconds, double cpuSeconds, long samples) {}

  private final Path cache;
  private final ImageDataset train;
  private final int epochs;
  private final ObjectMapper json = new ObjectMapper();

  MatrixModels(Path cache, ImageDataset train, int epochs) throws IOException {
    this.cache = Files.createDirectories(cache);
    this.train = train;
    this.epochs = epochs;
  }

  /** Loads the original of {@code seed}, training and caching it first if needed. The caller closes it. */
  Model original(String tag, int[] trainIndices, long seed) throws IOException {
    String name = tag + "-original-seed" + seed;
    if (!Files.exists(cache.resolve(name + "-0000.params"))) {
      try (Model model = fresh(seed)) {
        log("training original " + name);
        train(model, trainIndices, seed, "pretrain");
        model.save(cache, name);
      }
    }
    return load(name, seed);
  }

  /** The retrained reference of {@code seed} and its split, trained, assessed and cached if needed. */
  Reference reference(String tag, long seed, double fraction, Assessor assessor) throws IOException {
    String name = tag + "-retrained-seed" + seed + "-forget" + fraction;
    Path file = cache.resolve(name + ".json");
    if (!Files.exists(file)) {
      try (Model model = fresh(seed)) {
        log("retraining " + name);
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        train(model, assessor.retain(), seed, "retrain");
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (cpuNanos() - cpu) / 1e9;
        Reference ref = new Reference(assessor.assess(model), wallSeconds, cpuSeconds,
            (long) epochs * assessor.retain().length);
        Files.write(file, json.writeValueAsBytes(ref));
      }
    }
    return json.readValue(file.toFile(), Reference.class);
  }

  /**
   * Times {@code epochs} epochs of the retraining (from scratch, on the retain set) in this process, right next to the
   * methods it is compared with, and scales them to the full retraining: wall and CPU seconds of the whole retraining.
   */
  Reference timeRetrain(long seed, Assessor assessor, int epochs, Reference full) {
    try (Model model = fresh(seed)) {
      long cpu = cpuNanos();
      long wall = System.nanoTime();
      new TrainingLoop("retrain", ProgressListener.NONE).train(model, train, assessor.retain(),
          Loss.softmaxCrossEntropyLoss(), Optimizers.pretrain(), epochs, BATCH, seed);
      double scale = (double) this.epochs / epochs;
      return new Reference(full.accuracies(), (System.nanoTime() - wall) / 1e9 * scale,
          (cpuNanos() - cpu) / 1e9 * scale, full.samples());
    }
  }

  /** A fresh model of {@code seed} trained on {@code indices} like the original (the caller closes it). */
  Model trained(int[] indices, long seed, String phase) {
    Model model = fresh(seed);
    train(model, indices, seed, phase);
    return model;
  }

  private void train(Model model, int[] indices, long seed, String phase) {
    new TrainingLoop(phase, EPOCH_LOG).train(model, train, indices, Loss.softmaxCrossEntropyLoss(),
        Optimizers.pretrain(), epochs, BATCH, seed);
  }

  private Model fresh(long seed) {
    Engine engine = ModelIO.engine();
    engine.setRandomSeed((int) seed);
    return ModelIO.builtIn(ModelSpec.SMALL_CNN, ModelSpec.DEFAULT_NUM_CLASSES, train.inputShape(BATCH),
        engine.defaultDevice());
  }

  private Model load(String name, long seed) throws IOException {
    Model model = fresh(seed);
    try {
      model.load(cache, name);
    } catch (MalformedModelException e) {
      model.close();
      throw new IOException(e);
    }
    return model;
  }

  /** CPU time of the whole process (every libtorch thread), which the load of other processes changes little. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void log(String message) {
    System.err.println(java.time.LocalTime.now().withNano(0) + " " + message);
  }
}
