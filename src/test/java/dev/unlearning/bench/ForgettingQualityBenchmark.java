package dev.unlearning.bench;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.method.MethodContext;
import dev.unlearning.engine.method.Methods;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.stage.Assessor;
import dev.unlearning.engine.stage.PhaseClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The forgetting quality F of docs/benchmarks.md section 7 on one split of the bundled 10k subset: ONE original
 * (trained once), a pool of N models retrained from scratch on its retain set with seeds 1..N, and for each setting of
 * --settings N unlearned models made from that same original with seeds 1..N. Every model's forget-set confidences
 * and accuracies are cached (one JSON file per model, see {@link ForgetMeasurement}), so adding a method later costs
 * only its N unlearnings.
 *
 * <p>{@code --phase pool} trains the original and the retrained pool (several processes can share it: each claims
 * the models it trains with a lock file); {@code --phase evaluate} unlearns and writes forgetting-quality.jsonl (one
 * line per row) to --out. Not a test: run it with bench/run-forgetting-quality.sh.
 */
public final class ForgettingQualityBenchmark {

  private final ObjectMapper json = new ObjectMapper();
  private final ImageDataset data;
  private final int[] trainIdx;
  private final int[] retain;
  private final int[] forget;
  private final int[] test;
  private final long seed;
  private final int models;
  private final Path pool;
  private final MatrixModels trainer;
  private final String tag;

  private ForgettingQualityBenchmark(Map<String, String> opt) throws IOException {
    Path dataDir = Path.of(opt.getOrDefault("data", "k8s/data/fashion-mnist-10k"));
    int holdout = Integer.parseInt(opt.getOrDefault("holdout", "2000"));
    double fraction = Double.parseDouble(opt.getOrDefault("fraction", "0.1"));
    int epochs = Integer.parseInt(opt.getOrDefault("epochs", "20"));
    seed = Long.parseLong(opt.getOrDefault("seed", "200"));
    models = Integer.parseInt(opt.getOrDefault("models", "32"));
    data = Datasets.load("idx", dataDir, null).train();
    // The tuning protocol's stand-in test set: never a test image (same permutation as UnlearningMatrix's tune).
    int[] perm = ForgetSplit.permutation(data.size(), 2024);
    test = UnlearningMatrix.sorted(Arrays.copyOfRange(perm, data.size() - holdout, data.size()));
    trainIdx = UnlearningMatrix.sorted(Arrays.copyOfRange(perm, 0, data.size() - holdout));
    ForgetSplit split = ForgetSplit.byFraction(trainIdx.length, fraction, seed);
    retain = UnlearningMatrix.pick(trainIdx, split.retain());
    forget = UnlearningMatrix.pick(trainIdx, split.forget());
    tag = "small-cnn-" + dataDir.getFileName() + "-holdout" + holdout + "-" + epochs + "ep-forget" + fraction
        + "-seed" + seed;
    pool = Path.of(opt.getOrDefault("cache", "bench/results/forgetting-quality-cache")).resolve(tag);
    trainer = new MatrixModels(pool, data, epochs);
    ModelIO.engine();
    ModelIO.configureThread();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = ThroughputBenchmark.options(args);
    ForgettingQualityBenchmark bench = new ForgettingQualityBenchmark(opt);
    if ("pool".equals(opt.getOrDefault("phase", "pool"))) {
      bench.trainPool();
    } else {
      bench.evaluate(Path.of(opt.get("settings")), Files.createDirectories(Path.of(opt.get("out"))));
    }
  }

  private void trainPool() throws IOException {
    trainer.original(tag, trainIdx, seed).close();
    for (int k = 1; k <= models; k++) {
      Path file = pool.resolve("retrained/seed-" + k + ".json");
      if (Files.exists(file) || !claim(file)) {
        continue;
      }
      MatrixModels.log("retraining " + tag + " seed " + k);
      long cpu = MatrixModels.cpuNanos();
      try (Model model = trainer.trained(retain, k, "retrain")) {
        double cpuSeconds = (MatrixModels.cpuNanos() - cpu) / 1e9;
        ForgetMeasurement.of(model, k, cpuSeconds, data, retain, forget, test).write(file);
      }
    }
  }

  /**
   * Claims a model of the pool for this process with a lock file next to it, so several processes can train one pool
   * at the same time (a process that is killed leaves its lock: delete the pool's *.lock files before a new run).
   */
  private static boolean claim(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try {
      Files.createFile(file.resolveSibling(file.getFileName() + ".lock"));
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }

  private void evaluate(Path settingsFile, Path out) throws IOException {
    List<ForgetMeasurement> retrained = new ArrayList<>();
    for (int k = 1; k <= models; k++) {
      Path file = pool.resolve("retrained/seed-" + k + ".json");
      if (!Files.exists(file)) {
        throw new IllegalStateException("the retrained pool lacks " + file + ": run --phase pool first");
      }
      retrained.add(ForgetMeasurement.read(file));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    ForgetMeasurement original;
    try (Model model = trainer.original(tag, trainIdx, seed)) {
      original = ForgetMeasurement.of(model, seed, 0, data, retain, forget, test);
    }
    rows.add(ForgetRows.row("untouched original (one model, " + models + " times)",
        java.util.Collections.nCopies(models, original), retrained));
    int half = models / 2;
    rows.add(ForgetRows.row("retrained vs retrained (seeds 1-" + half + " against " + (half + 1) + "-" + 2 * half
        + ")", retrained.subList(0, half), retrained.subList(half, 2 * half)));
    for (String line : Files.readAllLines(settingsFile)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        JsonNode s = json.readTree(line);
        rows.add(ForgetRows.row(s.get("name").asText(), unlearned(s), retrained));
      }
    }
    Files.write(out.resolve("forgetting-quality.jsonl"), rows.stream().map(this::line).toList());
    Files.writeString(out.resolve("table.md"), ForgetRows.table(rows));
    System.out.print(ForgetRows.table(rows));
  }

  /** The N unlearned models of one setting, from the cache or made now (seeds 1..N, one fresh original each). */
  private List<ForgetMeasurement> unlearned(JsonNode setting) throws IOException {
    String specJson = json.writeValueAsString(setting.get("spec"));
    String dir = "unlearned/" + setting.get("name").asText().replaceAll("[^A-Za-z0-9.]+", "-") + "-"
        + ForgetSplit.sha256(specJson.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    Accuracies originalAccuracies = null;
    List<ForgetMeasurement> out = new ArrayList<>();
    for (int k = 1; k <= models; k++) {
      Path file = pool.resolve(dir + "/seed-" + k + ".json");
      if (!Files.exists(file)) {
        UnlearningRequestSpec spec = json.treeToValue(setting.get("spec"), UnlearningRequestSpec.class);
        spec.setSeed((long) k);
        spec.setBatchSize(MatrixModels.BATCH);
        Assessor assessor = new Assessor(data, data, retain, forget, test, MatrixModels.BATCH, k, null);
        try (Model model = trainer.original(tag, trainIdx, seed)) {
          if (originalAccuracies == null) {
            originalAccuracies = assessor.assess(model);
          }
          MatrixModels.log(setting.get("name").asText() + ": unlearning seed " + k);
          ModelIO.engine().setRandomSeed(k);
          MethodContext ctx = new MethodContext(spec, ModelSpec.DEFAULT_NUM_CLASSES, assessor,
              new PhaseClock(ProgressListener.NONE), originalAccuracies);
          long cpu = MatrixModels.cpuNanos();
          Methods.of(spec).unlearn(model, ctx);
          double cpuSeconds = (MatrixModels.cpuNanos() - cpu) / 1e9;
          ForgetMeasurement.of(model, k, cpuSeconds, data, retain, forget, test).write(file);
        }
      }
      out.add(ForgetMeasurement.read(file));
    }
    return out;
  }

  private String line(Map<String, Object> row) {
    try {
      return json.writeValueAsString(row);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
