package dev.unlearning.bench;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ResultGaps;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.method.MethodContext;
import dev.unlearning.engine.method.MethodOutcome;
import dev.unlearning.engine.method.Methods;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.stage.Assessor;
import dev.unlearning.engine.stage.PhaseClock;
import dev.unlearning.engine.train.Evaluator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality matrix of docs/benchmarks.md: every setting of --settings (JSON lines {"name": ..., "spec": {request
 * fields}}) x forget fraction x seed, each unlearning a fresh copy of the seed's original with the worker's own
 * method classes, assessed like the worker does and compared with the retrained reference of the same seed and split.
 * Prints one JSON line per run (and one "original" line per split: the untouched model's gaps).
 *
 * <p>Time: each method's phases in wall and process CPU seconds, against the retraining timed in the same process
 * just before the methods of its split ({@code --timed-retrain-epochs}, default 2, of its epochs, scaled to all of
 * them; 0 uses the cached full retraining's times, measured when it was trained).
 *
 * <p>Protocols: {@code eval} is the real split (train on the 60,000 training images, assess on the 10,000 test
 * images); {@code tune} never touches the test images: a seeded 10,000 of the training images stand in for the test
 * set and the original is trained on the other 50,000, so settings are chosen without looking at the evaluation.
 *
 * <p>{@code --method-holdout N} (default 0) gives the methods N seeded images of the test set (of the stand-in under
 * {@code tune}) as their held-out set ({@link MethodContext.HeldOut}: heldout-match's target, the held-out stop's
 * accuracy) and assesses the original and the unlearned models on the other test images only, so no method's
 * criterion reads an image it is judged on; the retrained reference keeps its assessment on the whole test set (a
 * random half of it has the same expected accuracy and MIA score). With 0 the methods' held-out set is the whole test
 * set, as in the worker. Not a test: run it with bench/run-unlearning-matrix.sh.
 */
public final class UnlearningMatrix {

  private UnlearningMatrix() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = ThroughputBenchmark.options(args);
    Path dataDir = Path.of(opt.getOrDefault("data", "/usr/share/datasets/fashion-mnist"));
    String protocol = opt.getOrDefault("protocol", "eval");
    long[] seeds = Arrays.stream(opt.getOrDefault("seeds", "1,2,3").split(",")).mapToLong(Long::parseLong).toArray();
    double[] fractions = Arrays.stream(opt.getOrDefault("fractions", "0.01,0.1,0.2").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    int epochs = Integer.parseInt(opt.getOrDefault("epochs", "20"));
    int timedEpochs = Integer.parseInt(opt.getOrDefault("timed-retrain-epochs", "2"));
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> settings = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(opt.get("settings")))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        settings.add(json.readTree(line));
      }
    }

    Datasets.TrainTest data = Datasets.load("idx", dataDir, null);
    ImageDataset train = data.train();
    ImageDataset test;
    int[] trainIdx;
    int[] testIdx;
    if ("tune".equals(protocol)) {
      int holdout = Integer.parseInt(opt.getOrDefault("holdout", "10000"));
      int[] perm = ForgetSplit.permutation(train.size(), 2024);
      testIdx = sorted(Arrays.copyOfRange(perm, train.size() - holdout, train.size()));
      trainIdx = sorted(Arrays.copyOfRange(perm, 0, train.size() - holdout));
      test = train;
    } else {
      trainIdx = train.allIndices();
      test = data.test();
      testIdx = test.allIndices();
    }
    int methodHoldout = Integer.parseInt(opt.getOrDefault("method-holdout", "0"));
    int[] heldIdx = testIdx;
    int[] evalIdx = testIdx;
    if (methodHoldout > 0) {
      int[] perm = ForgetSplit.permutation(testIdx.length, 4048);
      heldIdx = sorted(pick(testIdx, Arrays.copyOfRange(perm, 0, methodHoldout)));
      evalIdx = sorted(pick(testIdx, Arrays.copyOfRange(perm, methodHoldout, testIdx.length)));
    }
    String tag = "small-cnn-" + dataDir.getFileName() + "-" + protocol + "-" + testIdx.length + "-" + epochs + "ep";
    MatrixModels models = new MatrixModels(Path.of(opt.getOrDefault("cache", "bench/results/matrix-cache")), train,
        epochs);
    // --torchscript DIR: the user's own models instead of the built-in small CNN, as TorchScript files
    // original-seed<S>.pt and retrained-seed<S>-forget<F>.pt (bench/train_small_cnn.py); the reference is assessed
    // here and has no training time, so the rows' time ratios are null.
    Path userModels = opt.containsKey("torchscript") ? Path.of(opt.get("torchscript")) : null;
    ModelIO.engine();
    ModelIO.configureThread();
    PrintStream out = System.out;

    for (long seed : seeds) {
      for (double fraction : fractions) {
        ForgetSplit split = ForgetSplit.byFraction(trainIdx.length, fraction, seed);
        Assessor assessor = new Assessor(train, test, pick(trainIdx, split.retain()), pick(trainIdx, split.forget()),
            testIdx, MatrixModels.BATCH, seed, null);
        Path userReference = userModels == null ? null
            : userModels.resolve("retrained-seed" + seed + "-forget" + fraction + ".pt");
        if (userReference != null && !Files.exists(userReference)) {
          MatrixModels.log("no " + userReference + ": split skipped");
          continue;
        }
        MatrixModels.Reference full = userReference != null ? userReference(userReference, assessor)
            : models.reference(tag, seed, fraction, assessor);
        Assessor judged = new Assessor(train, test, assessor.retain(), assessor.forget(), evalIdx, MatrixModels.BATCH,
            seed, null);
        // Time ratios come from retraining epochs timed here, next to the methods; the cache only keeps accuracies.
        MatrixModels.Reference ref = settings.isEmpty() || timedEpochs == 0 || userModels != null ? full
            : models.timeRetrain(seed, assessor, timedEpochs, full);
        Accuracies original;
        MethodContext.HeldOut heldOut;
        try (Model model = original(models, userModels, tag, trainIdx, seed)) {
          original = judged.assess(model);
          heldOut = new MethodContext.HeldOut(test, heldIdx, methodHoldout > 0
              ? Evaluator.accuracy(model, test, heldIdx, MatrixModels.BATCH) : original.getTest());
        }
        out.println(json.writeValueAsString(row("original", seed, fraction, original, ref, full, 0, 0, 0, null)));
        for (JsonNode s : settings) {
          UnlearningRequestSpec spec = json.treeToValue(s.get("spec"), UnlearningRequestSpec.class);
          spec.setSeed(seed);
          spec.setBatchSize(MatrixModels.BATCH);
          MatrixModels.log("seed " + seed + " forget " + fraction + ": " + s.get("name").asText());
          try (Model model = original(models, userModels, tag, trainIdx, seed)) {
            PhaseClock clock = new PhaseClock(ProgressListener.NONE);
            MethodContext ctx = new MethodContext(spec, ModelSpec.DEFAULT_NUM_CLASSES, judged, clock, original,
                heldOut);
            long cpu = MatrixModels.cpuNanos();
            MethodOutcome outcome;
            try {
              outcome = Methods.of(spec).unlearn(model, ctx);
            } catch (RuntimeException e) {
              Map<String, Object> failed = new LinkedHashMap<>();
              failed.put("setting", s.get("name").asText());
              failed.put("seed", seed);
              failed.put("fraction", fraction);
              failed.put("error", String.valueOf(e.getMessage()));
              out.println(json.writeValueAsString(failed));
              continue;
            }
            double cpuSeconds = (MatrixModels.cpuNanos() - cpu) / 1e9;
            Object samples = outcome.report().get("trainingSamples");
            out.println(json.writeValueAsString(row(s.get("name").asText(), seed, fraction, judged.assess(model),
                ref, full, ctx.seconds(), cpuSeconds, samples instanceof Number n ? n.longValue() : 0,
                outcome.report())));
          }
          out.flush();
        }
      }
    }
  }

  private static Model original(MatrixModels models, Path userModels, String tag, int[] trainIdx, long seed)
      throws java.io.IOException {
    return userModels == null ? models.original(tag, trainIdx, seed)
        : ModelIO.loadTorchScript(userModels.resolve("original-seed" + seed + ".pt"), ModelIO.engine().defaultDevice());
  }

  private static MatrixModels.Reference userReference(Path file, Assessor assessor) {
    try (Model model = ModelIO.loadTorchScript("reference", file, ModelIO.engine().defaultDevice())) {
      return new MatrixModels.Reference(assessor.assess(model), 0, 0, 0);
    }
  }

  private static Map<String, Object> row(String setting, long seed, double fraction, Accuracies a,
      MatrixModels.Reference ref, MatrixModels.Reference full, double wall, double cpu, long samples,
      Map<String, Object> report) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("setting", setting);
    row.put("seed", seed);
    row.put("fraction", fraction);
    row.put("unlearned", a);
    row.put("retrained", ref.accuracies());
    row.put("gaps", ResultGaps.between(a, ref.accuracies()));
    row.put("wallSeconds", wall);
    row.put("cpuSeconds", cpu);
    row.put("retrainWallSeconds", ref.wallSeconds());
    row.put("retrainCpuSeconds", ref.cpuSeconds());
    row.put("fullRetrainWallSeconds", full.wallSeconds());
    row.put("fullRetrainCpuSeconds", full.cpuSeconds());
    row.put("wallRatio", ref.wallSeconds() > 0 ? wall / ref.wallSeconds() : null);
    row.put("cpuRatio", ref.cpuSeconds() > 0 ? cpu / ref.cpuSeconds() : null);
    row.put("sampleRatio", ref.samples() > 0 ? (double) samples / ref.samples() : null);
    if (report != null) {
      row.put("report", report);
    }
    return row;
  }

  static int[] pick(int[] base, int[] positions) {
    int[] out = new int[positions.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = base[positions[i]];
    }
    return out;
  }

  static int[] sorted(int[] a) {
    Arrays.sort(a);
    return a;
  }
}
