package dev.unlearning.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning throughput and peak memory of the worker on one dataset directory, read the way a request reads it
 * ({@link Datasets#load}: idx in memory, image-folder streamed): a built-in network (--architecture, default the
 * small CNN) trained with the worker's {@link TrainingLoop}, class-weighted loss and fine-tuning SGD over the whole
 * training split (or a fresh random --images-per-epoch of it each epoch) for --epochs epochs, the first
 * --warmup-epochs untimed. bench/run-image-folder.sh runs it once per JVM for the peak memory of each folder size
 * (the throughput comparison is {@link InterleavedImageBenchmark}'s).
 *
 * <p>Prints one JSON object: load seconds, images/s of the timed epochs, per-epoch images/s and resident memory, and
 * the whole-process peak (VmHWM). Not a test.
 */
public final class ImageFolderBenchmark {

  private ImageFolderBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = ThroughputBenchmark.options(args);
    String format = opt.getOrDefault("format", DatasetSpec.FORMAT_IMAGE_FOLDER);
    Path dir = Path.of(opt.get("data"));
    int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
    int batchSize = Integer.parseInt(opt.getOrDefault("batch-size", "128"));
    int epochs = Integer.parseInt(opt.getOrDefault("epochs", "3"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup-epochs", "1"));
    // Images per epoch: a fresh random subset of the whole training split each epoch (0: all of it).
    int subset = Integer.parseInt(opt.getOrDefault("images-per-epoch", "0"));
    String architecture = opt.getOrDefault("architecture", ModelSpec.SMALL_CNN);
    if (epochs <= warmup) {
      throw new IllegalArgumentException("--epochs must be larger than --warmup-epochs");
    }
    setThreads(threads);
    long loadStart = System.nanoTime();
    Datasets.TrainTest data = load(format, dir);
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    ImageDataset train = data.train();

    int images = subset > 0 ? Math.min(subset, train.size()) : train.size();
    ThroughputBenchmark.EpochClock clock = new ThroughputBenchmark.EpochClock(images);
    List<TrainingLoop.EpochStats> stats;
    try (Trainee model = new Trainee(architecture, train, batchSize)) {
      stats = model.train(clock, images, epochs, 42);
    }

    double timed = 0;
    List<Map<String, Object>> perEpoch = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      if (e >= warmup) {
        timed += clock.seconds.get(e);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", e + 1);
      row.put("warmup", e < warmup);
      row.put("imagesPerSecond", ThroughputBenchmark.round(images / clock.seconds.get(e), 1));
      row.put("loss", ThroughputBenchmark.round(stats.get(e).loss(), 4));
      row.put("rssMiB", ThroughputBenchmark.round(clock.rssKib.get(e) / 1024.0, 1));
      row.put("heapUsedMiB", ThroughputBenchmark.round(clock.heapBytes.get(e) / 1048576.0, 1));
      perEpoch.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", format);
    out.put("architecture", architecture);
    out.put("data", dir.toString());
    out.put("trainImages", train.size());
    out.put("testImages", data.test().size());
    out.put("ldPreload", System.getenv().getOrDefault("LD_PRELOAD", ""));
    out.put("threads", threads);
    out.put("batchSize", batchSize);
    out.put("timedEpochs", epochs - warmup);
    out.put("loadSeconds", ThroughputBenchmark.round(loadSeconds, 2));
    out.put("imagesPerEpoch", images);
    out.put("imagesPerSecond", ThroughputBenchmark.round((epochs - warmup) * (double) images / timed, 1));
    out.put("peakRssMiB", ThroughputBenchmark.round(ThroughputBenchmark.procStatusKib("VmHWM") / 1024.0, 1));
    out.put("maxHeapMiB", ThroughputBenchmark.round(Runtime.getRuntime().maxMemory() / 1048576.0, 1));
    out.put("epochs", perEpoch);
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  /** PyTorch's thread counts, before the engine starts (ModelIO keeps explicit settings). */
  static void setThreads(int threads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  /**
   * Fashion-MNIST in {@code dir} as a request with {@code format} reads it: IDX's normalisation on both sides, so
   * both train on the same numbers; an image folder as grey images.
   */
  static Datasets.TrainTest load(String format, Path dir) {
    DatasetSpec dataset = new DatasetSpec();
    dataset.setFormat(format);
    dataset.setNormalize(new NormalizeSpec(List.of(0.2860), List.of(0.3530)));
    if (DatasetSpec.FORMAT_IMAGE_FOLDER.equals(format)) {
      dataset.setChannels(1);
    }
    return Datasets.load(dataset, dir);
  }

  /** A built-in network (seed 42) fine-tuned on one dataset as the worker does: class-weighted loss, its SGD. */
  static final class Trainee implements AutoCloseable {
    private final Model model;
    private final ImageDataset data;
    private final int batchSize;
    private final UnlearningRequestSpec settings = new UnlearningRequestSpec();
    private final ai.djl.training.optimizer.Optimizer optimizer;

    Trainee(String architecture, ImageDataset data, int batchSize) {
      Engine engine = ModelIO.engine();
      engine.setRandomSeed(42);
      this.model = ModelIO.builtIn(architecture, 10, data.inputShape(batchSize), engine.defaultDevice());
      this.data = data;
      this.batchSize = batchSize;
      this.optimizer = UnlearningPipeline.fineTuneOptimizer(settings);
    }

    /** {@code epochs} epochs of a fresh random {@code images} of the training split each, shuffled from seed. */
    List<TrainingLoop.EpochStats> train(ProgressListener listener, int images, int epochs, long seed) {
      return new TrainingLoop("benchmark", listener).train(model, data, data.allIndices(), images,
          new WeightedCrossEntropyLoss(settings.effectiveClassWeights(10)), optimizer, epochs, batchSize, seed);
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
