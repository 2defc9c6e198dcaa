package dev.unlearning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.UnlearningResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 2 and 3: unlearning versus retraining from scratch, through the worker's own pipeline. Run A is a normal
 * request with the seed defaults (5 fine-tuning epochs on the whole retain set) and spec.reference.retrain, so one
 * run trains the original (pretrainEpochs), unlearns, and retrains the same architecture on the retain set with the
 * same epochs and settings as the original. Run B repeats the request (same seed, so the same original and forget
 * set) with the cheaper settings --fast-noise, --fast-lr, --fast-epochs and --fast-fraction (spec.retainSampleFraction)
 * and no reference.
 * Writes both result.json files, summary.json, table.md and evidence.png (with the throughput bars of a benchmark-1
 * result directory when --throughput-dir is given). Not a test: run it with bench/run-unlearning-vs-retrain.sh.
 */
public final class UnlearningVsRetrainBenchmark {

  private UnlearningVsRetrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = ThroughputBenchmark.options(args);
    Path data = Path.of(opt.getOrDefault("data", "/usr/share/datasets/fashion-mnist"));
    Path out = Files.createDirectories(Path.of(opt.getOrDefault("out", "bench/results/unlearning-vs-retrain")));
    int pretrainEpochs = Integer.parseInt(opt.getOrDefault("pretrain-epochs", "20"));
    double forgetFraction = Double.parseDouble(opt.getOrDefault("forget-fraction", "0.1"));
    int fastEpochs = Integer.parseInt(opt.getOrDefault("fast-epochs", "2"));
    double fastFraction = Double.parseDouble(opt.getOrDefault("fast-fraction", "0.9"));
    double fastNoise = Double.parseDouble(opt.getOrDefault("fast-noise", "0.3"));
    double fastLr = Double.parseDouble(opt.getOrDefault("fast-lr", "0.15"));
    boolean runFast = !"false".equals(opt.get("fast"));
    Path throughputDir = opt.containsKey("throughput-dir") ? Path.of(opt.get("throughput-dir")) : null;
    if (opt.containsKey("replot")) {
      // Redraws evidence.png of an earlier run from its summary.json, e.g. with the bars of a newer benchmark 1.
      replot(Path.of(opt.get("replot")), throughputDir);
      return;
    }

    UnlearningRequestSpec a = spec(data, out.resolve("default"), pretrainEpochs, forgetFraction);
    ReferenceSpec ref = new ReferenceSpec();
    ref.setRetrain(true);
    ref.setEpochs(pretrainEpochs);
    a.setReference(ref);
    UnlearningResult ra = new UnlearningPipeline(Path.of("/"), log("A")).run(a);

    Map<String, Accuracies> models = new LinkedHashMap<>();
    models.put("original", ra.summary().getOriginal());
    models.put("unlearned (defaults)", ra.summary().getUnlearned());
    UnlearningResult rb = null;
    if (runFast) {
      UnlearningRequestSpec b = spec(data, out.resolve("fast"), pretrainEpochs, forgetFraction);
      b.setEpochs(fastEpochs);
      b.setRetainSampleFraction(fastFraction);
      b.setNoiseStd(fastNoise);
      b.setLearningRate(fastLr);
      rb = new UnlearningPipeline(Path.of("/"), log("B")).run(b);
      models.put("unlearned (fast)", rb.summary().getUnlearned());
    }
    models.put("retrained", ra.summary().getRetrained());

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JsonNode docA = json.readTree(ra.resultJson().toFile());
    JsonNode docB = rb != null ? json.readTree(rb.resultJson().toFile()) : null;
    double retrainSeconds = docA.path("reference").path("retrainSeconds").asDouble();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("dataset", data.toString());
    summary.put("trainSize", docA.path("dataset").path("trainSize").asInt());
    summary.put("testSize", docA.path("dataset").path("testSize").asInt());
    summary.put("forgetFraction", forgetFraction);
    summary.put("forgetSize", ra.summary().getForgetSize());
    summary.put("pretrainEpochs", pretrainEpochs);
    summary.put("fastSettings", Map.of("noiseStd", fastNoise, "learningRate", fastLr, "epochs", fastEpochs,
        "retainSampleFraction", fastFraction));
    summary.put("models", models);
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("original (pretrain)", docA.path("durationsSeconds").path("pretrain").asDouble());
    seconds.put("unlearned (defaults)", docA.path("reference").path("unlearningSeconds").asDouble());
    if (docB != null) {
      seconds.put("unlearned (fast)", unlearningSeconds(docB));
    }
    seconds.put("retrained", retrainSeconds);
    summary.put("trainingSeconds", seconds);
    summary.put("timeRatioDefault", docA.path("reference").path("unlearningToRetrainTimeRatio").asDouble());
    if (docB != null) {
      summary.put("timeRatioFast", Math.round(unlearningSeconds(docB) / retrainSeconds * 10000) / 10000.0);
    }
    Files.write(out.resolve("summary.json"), json.writeValueAsBytes(summary));
    String table = table(models, seconds);
    Files.writeString(out.resolve("table.md"), table);
    System.out.println(table);
    System.out.println(json.writeValueAsString(summary));

    List<EvidencePlot.Throughput> bars = throughputDir != null ? throughput(throughputDir) : List.of();
    EvidencePlot.write(out.resolve("evidence.png"), title(forgetFraction, ra.summary().getForgetSize()), models, bars);
  }

  private static void replot(Path dir, Path throughputDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(dir.resolve("summary.json").toFile());
    Map<String, Accuracies> models = new LinkedHashMap<>();
    summary.path("models").fields().forEachRemaining(e -> models.put(e.getKey(),
        json.convertValue(e.getValue(), Accuracies.class)));
    EvidencePlot.write(dir.resolve("evidence.png"), title(summary.path("forgetFraction").asDouble(0.1),
        summary.path("forgetSize").asInt()), models, throughputDir != null ? throughput(throughputDir) : List.of());
  }

  private static String title(double forgetFraction, int forgetSize) {
    return "Fashion-MNIST, small-cnn, forget " + forgetFraction + " (" + forgetSize + " samples)";
  }

  /** A request with the seed defaults except the pretraining epochs and the forget fraction (seed 42). */
  static UnlearningRequestSpec spec(Path data, Path out, int pretrainEpochs, double forgetFraction) {
    UnlearningRequestSpec spec = TestData.spec(data, out.toAbsolutePath(), ModelSpec.DEFAULT_NUM_CLASSES);
    spec.getModel().setPretrainEpochs(pretrainEpochs);
    spec.getForget().setFraction(forgetFraction);
    spec.getForget().setSeed(null);
    spec.setEpochs(null);
    spec.setBatchSize(null);
    return spec;
  }

  private static double unlearningSeconds(JsonNode doc) {
    return doc.path("durationsSeconds").path("confuse").asDouble() + doc.path("durationsSeconds").path("fineTune")
        .asDouble();
  }

  static String table(Map<String, Accuracies> models, Map<String, Double> seconds) {
    StringBuilder sb = new StringBuilder("| model | retain acc. | forget acc. | test acc. | MIA | training time s |\n"
        + "|---|---|---|---|---|---|\n");
    List<Double> times = new ArrayList<>(seconds.values());
    int i = 0;
    for (Map.Entry<String, Accuracies> e : models.entrySet()) {
      Accuracies a = e.getValue();
      sb.append(String.format("| %s | %.4f | %.4f | %.4f | %s | %.1f |%n", e.getKey(), a.getRetain(), a.getForget(),
          a.getTest(), a.getMia() == null ? "n/a" : String.format("%.4f", a.getMia()), times.get(i++)));
    }
    return sb.toString();
  }

  /**
   * Mean images/s per network over the repeats of a bench/run-throughput.sh result directory, for each side (worker,
   * PyTorch) and allocator (tcmalloc, glibc) that has runs there.
   */
  static List<EvidencePlot.Throughput> throughput(Path dir) throws IOException {
    List<EvidencePlot.Throughput> out = new ArrayList<>();
    for (String network : List.of("small-cnn", "resnet18-cifar")) {
      Map<String, Double> series = new LinkedHashMap<>();
      putMean(series, "worker (Java, DJL, tcmalloc)", dir, network + "-java-tcmalloc-");
      putMean(series, "worker (Java, DJL, glibc malloc)", dir, network + "-java-glibc-");
      putMean(series, EvidencePlot.BASELINE, dir, network + "-python-glibc-");
      putMean(series, "PyTorch (Python, tcmalloc)", dir, network + "-python-tcmalloc-");
      if (!series.isEmpty()) {
        out.add(new EvidencePlot.Throughput(network, series));
      }
    }
    return out;
  }

  private static void putMean(Map<String, Double> series, String label, Path dir, String prefix) throws IOException {
    ObjectMapper json = new ObjectMapper();
    double sum = 0;
    int n = 0;
    for (int r = 1; Files.exists(dir.resolve(prefix + r + ".json")); r++) {
      sum += json.readTree(dir.resolve(prefix + r + ".json").toFile()).path("imagesPerSecond").asDouble();
      n++;
    }
    if (n > 0) {
      series.put(label, sum / n);
    }
  }

  private static ProgressListener log(String run) {
    return new ProgressListener() {
      @Override
      public void phaseFinished(String phase, Duration d) {
        System.err.printf("[%s] %-18s %8.1f s%n", run, phase, d.toMillis() / 1000.0);
      }

      @Override
      public void epochFinished(String phase, int epoch, double loss, double acc) {
        System.err.printf("[%s]   %s epoch %d: loss %.4f train acc %.4f%n", run, phase, epoch, loss, acc);
      }
    };
  }
}
