package dev.unlearning.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.Datasets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning throughput of the two ways the worker reads images, side by side in one JVM: Fashion-MNIST as IDX files
 * (held in memory) and the same images as a folder of PNG files (streamed, decoded by a thread pool ahead of the
 * training loop). Each path trains its own copy of the network (same seed, same settings); the run alternates them
 * epoch by epoch, in the order AB, BA, AB, ... so that the load of a shared machine and any drift hit both alike. The
 * first --warmup-rounds rounds are not counted.
 *
 * <p>Besides wall-clock images/s it records the process CPU time of each epoch: CPU seconds per image do not depend
 * on how much of the machine other processes take, so they tell what the streamed path costs on an idle machine.
 * Prints one JSON object; bench/run-image-folder.sh turns it into the table of docs/benchmarks.md. Not a test.
 */
public final class InterleavedImageBenchmark {

  private static final String IDX = DatasetSpec.FORMAT_IDX;
  private static final String FOLDER = DatasetSpec.FORMAT_IMAGE_FOLDER;

  private InterleavedImageBenchmark() {}

  /** An integer --option, or a default when it is not given. */
  private interface IntOption {
    int get(String name, int otherwise);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = ThroughputBenchmark.options(args);
    Map<String, Path> dirs = Map.of(IDX, Path.of(opt.get("idx")), FOLDER, Path.of(opt.get("folder")));
    IntOption option = (name, otherwise) -> opt.containsKey(name) ? Integer.parseInt(opt.get(name)) : otherwise;
    int threads = option.get("threads", 2);
    int batchSize = option.get("batch-size", 128);
    int images = option.get("images-per-epoch", 5000);
    int rounds = option.get("rounds", 7);
    int warmup = option.get("warmup-rounds", 1);
    String architecture = opt.getOrDefault("architecture", ModelSpec.SMALL_CNN);
    if (rounds <= warmup) {
      throw new IllegalArgumentException("--rounds must be larger than --warmup-rounds");
    }
    ImageFolderBenchmark.setThreads(threads);

    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, ImageFolderBenchmark.Trainee> trainees = new LinkedHashMap<>();
    List<Map<String, Object>> epochs = new ArrayList<>();
    try {
      for (String format : List.of(IDX, FOLDER)) {
        long start = System.nanoTime();
        Datasets.TrainTest data = ImageFolderBenchmark.load(format, dirs.get(format));
        out.put(format + "LoadSeconds", ThroughputBenchmark.round((System.nanoTime() - start) / 1e9, 2));
        out.put(format + "TrainImages", data.train().size());
        trainees.put(format, new ImageFolderBenchmark.Trainee(architecture, data.train(), batchSize));
      }
      for (int r = 0; r < rounds; r++) {
        List<String> order = r % 2 == 0 ? List.of(IDX, FOLDER) : List.of(FOLDER, IDX);
        for (String format : order) {
          epochs.add(epoch(trainees.get(format), format, r, r < warmup, images));
        }
      }
    } finally {
      trainees.values().forEach(ImageFolderBenchmark.Trainee::close);
    }

    out.put("architecture", architecture);
    out.put("threads", threads);
    out.put("batchSize", batchSize);
    out.put("imagesPerEpoch", images);
    out.put("rounds", rounds);
    out.put("warmupRounds", warmup);
    out.put("ldPreload", System.getenv().getOrDefault("LD_PRELOAD", ""));
    out.put("epochs", epochs);
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  /** One epoch of {@code images} random training images on {@code format}'s copy, timed by wall and CPU clock. */
  private static Map<String, Object> epoch(ImageFolderBenchmark.Trainee trainee, String format, int round,
      boolean isWarmup, int images) {
    double load = loadAverage();
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    double loss = trainee.train(ProgressListener.NONE, images, 1, 42 + round).get(0).loss();
    double seconds = (System.nanoTime() - wall) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("round", round + 1);
    row.put("format", format);
    row.put("warmup", isWarmup);
    row.put("seconds", ThroughputBenchmark.round(seconds, 3));
    row.put("imagesPerSecond", ThroughputBenchmark.round(images / seconds, 1));
    row.put("cpuMsPerImage", ThroughputBenchmark.round(1000 * cpuSeconds / images, 4));
    row.put("loss", ThroughputBenchmark.round(loss, 4));
    row.put("loadAverage1m", load);
    System.err.printf("round %d %s: %.1f images/s, %.3f CPU ms/image, load %.2f%n", round + 1, format,
        images / seconds, 1000 * cpuSeconds / images, load);
    return row;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1-minute load average of /proc/loadavg, or -1 where there is none. */
  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
