package dev.unlearning.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.data.InMemoryImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.runtime.OneDnnCacheSizes;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training throughput of the worker's fine-tuning step (Java side of benchmark 1; bench/run-throughput.sh runs it
 * next to bench/pytorch_throughput.py). Loads the TorchScript file the way the worker does ({@link ModelIO}) and
 * trains it with the worker's {@link TrainingLoop}, {@link WeightedCrossEntropyLoss} and SGD settings (learning rate
 * 0.01, momentum 0.9, weight decay 5e-4) on synthetic uint8 images held in an {@link ImageDataset}, so batches are
 * normalised exactly as in a real run. Epochs up to --warmup-epochs are not timed.
 *
 * <p>Prints one JSON object: images/s over the timed epochs and, per epoch, images/s, the resident set (VmRSS), the
 * peak so far (VmHWM), the JVM heap in use and the NDArrays alive in the model's manager; the whole-process peak
 * (VmHWM at the end) is the figure compared with Python's ru_maxrss. Not a test: run it with bench/run-throughput.sh.
 */
public final class ThroughputBenchmark {

  private ThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    Path modelFile = Path.of(require(opt, "model"));
    int[] chw = Arrays.stream(opt.getOrDefault("shape", "1,28,28").split(",")).mapToInt(Integer::parseInt).toArray();
    int classes = Integer.parseInt(opt.getOrDefault("classes", "10"));
    int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
    int interop = Integer.parseInt(opt.getOrDefault("interop-threads", "1"));
    int batchSize = Integer.parseInt(opt.getOrDefault("batch-size", "128"));
    int images = Integer.parseInt(opt.getOrDefault("images", "5120"));
    int epochs = Integer.parseInt(opt.getOrDefault("epochs", "4"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup-epochs", "1"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
    if (epochs <= warmup) {
      throw new IllegalArgumentException("--epochs must be larger than --warmup-epochs");
    }
    // Before the engine starts: the same thread counts as the Python side (ModelIO keeps explicit settings).
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interop));

    ImageDataset data = synthetic(images, chw, classes, seed);
    Engine engine = ModelIO.engine();
    ModelIO.configureThread();
    double[] weights = new double[classes];
    Arrays.fill(weights, 0.5);
    weights[0] = 1.0;

    EpochClock clock = new EpochClock(images);
    List<TrainingLoop.EpochStats> stats;
    try (Model model = ModelIO.loadTorchScript(modelFile, engine.defaultDevice())) {
      Optimizer sgd = Optimizer.sgd()
          .setLearningRateTracker(Tracker.fixed(0.01f))
          .optMomentum(0.9f)
          .optWeightDecays(5e-4f)
          .build();
      stats = new TrainingLoop("benchmark", clock).train(model, data, data.allIndices(),
          new WeightedCrossEntropyLoss(weights), sgd, epochs, batchSize, seed);
    }

    double timedSeconds = 0;
    List<Map<String, Object>> perEpoch = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      boolean isWarmup = e < warmup;
      if (!isWarmup) {
        timedSeconds += clock.seconds.get(e);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", e + 1);
      row.put("warmup", isWarmup);
      row.put("seconds", round(clock.seconds.get(e), 3));
      row.put("imagesPerSecond", round(images / clock.seconds.get(e), 1));
      row.put("loss", round(stats.get(e).loss(), 4));
      row.put("rssMiB", round(clock.rssKib.get(e) / 1024.0, 1));
      row.put("peakRssMiB", round(clock.hwmKib.get(e) / 1024.0, 1));
      row.put("heapUsedMiB", round(clock.heapBytes.get(e) / 1048576.0, 1));
      row.put("liveNdArrays", stats.get(e).liveArrays());
      perEpoch.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("side", "worker-java");
    out.put("engine", engine.getEngineName() + " " + engine.getVersion());
    out.put("onednnCacheCheck", OneDnnCacheSizes.ensure(() -> { }).state().toString());
    // The native allocator decides much of the speed (docs/benchmarks.md): record which one this process ran with.
    out.put("ldPreload", System.getenv().getOrDefault("LD_PRELOAD", ""));
    out.put("model", modelFile.toString());
    out.put("threads", threads);
    out.put("interopThreads", interop);
    out.put("batchSize", batchSize);
    out.put("imagesPerEpoch", images);
    out.put("timedEpochs", epochs - warmup);
    out.put("imagesPerSecond", round((epochs - warmup) * (double) images / timedSeconds, 1));
    out.put("peakRssMiB", round(procStatusKib("VmHWM") / 1024.0, 1));
    out.put("maxHeapMiB", round(Runtime.getRuntime().maxMemory() / 1048576.0, 1));
    out.put("epochs", perEpoch);
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  /** Seeded random pixels and labels: throughput does not depend on the values. */
  static ImageDataset synthetic(int images, int[] chw, int classes, long seed) {
    Random random = new Random(seed);
    byte[] pixels = new byte[images * chw[0] * chw[1] * chw[2]];
    random.nextBytes(pixels);
    int[] labels = new int[images];
    for (int i = 0; i < images; i++) {
      labels[i] = random.nextInt(classes);
    }
    float[] mean = new float[chw[0]];
    float[] std = new float[chw[0]];
    Arrays.fill(mean, 0.5f);
    Arrays.fill(std, 0.25f);
    return new InMemoryImageDataset(pixels, labels, chw[0], chw[1], chw[2], mean, std);
  }

  /** Wall time and memory of each epoch, taken from the training loop's progress callbacks. */
  static final class EpochClock implements ProgressListener {
    final List<Double> seconds = new ArrayList<>();
    final List<Long> rssKib = new ArrayList<>();
    final List<Long> hwmKib = new ArrayList<>();
    final List<Long> heapBytes = new ArrayList<>();
    private final int images;
    private long start;

    EpochClock(int images) {
      this.images = images;
    }

    @Override
    public void epochStarted(String phase, int epoch, int epochs, long batches) {
      start = System.nanoTime();
    }

    @Override
    public void epochFinished(String phase, int epoch, double meanLoss, double trainAccuracy) {
      double s = (System.nanoTime() - start) / 1e9;
      seconds.add(s);
      rssKib.add(procStatusKib("VmRSS"));
      hwmKib.add(procStatusKib("VmHWM"));
      Runtime rt = Runtime.getRuntime();
      heapBytes.add(rt.totalMemory() - rt.freeMemory());
      System.err.printf("epoch %d: %.1f s, %.1f images/s, RSS %.1f MiB%n", epoch, s, images / s,
          rssKib.get(rssKib.size() - 1) / 1024.0);
    }
  }

  /** A kB field of /proc/self/status (VmRSS, VmHWM), or -1 where there is none. */
  static long procStatusKib(String field) {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  private static String require(Map<String, String> opt, String key) {
    String v = opt.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}
