package dev.unlearning.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.evaluation.ModelAssessment;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.train.ConfuseStep;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tries several unlearning settings on one original model: trains the built-in small CNN once (Adam, as the
 * pipeline pretrains), caches its parameters and the retrained-from-scratch reference in --cache, then for every
 * setting in --settings ("noiseStd:learningRate:epochs:retainSampleFraction[:seed]", comma separated; the seed of the noise
 * and the shuffling, default 42) reloads the original,
 * confuses and fine-tunes it exactly as the pipeline does, and prints one JSON line with its accuracies, MIA and
 * training work relative to the retraining (images processed). Not a test: run it with bench/run-unlearning-sweep.sh.
 */
public final class UnlearningSweep {

  private static final int BATCH = 128;
  private static final long SEED = 42;

  private UnlearningSweep() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = ThroughputBenchmark.options(args);
    Path dataDir = Path.of(opt.getOrDefault("data", "/usr/share/datasets/fashion-mnist"));
    Path cache = Files.createDirectories(Path.of(opt.getOrDefault("cache", "bench/results/sweep-cache")));
    int pretrainEpochs = Integer.parseInt(opt.getOrDefault("pretrain-epochs", "20"));
    double forgetFraction = Double.parseDouble(opt.getOrDefault("forget-fraction", "0.1"));
    String settings = opt.getOrDefault("settings", "0.6:0.01:5:1");

    Datasets.TrainTest data = Datasets.load("idx", dataDir, null);
    ImageDataset train = data.train();
    ImageDataset test = data.test();
    ForgetSplit split = ForgetSplit.byFraction(train.size(), forgetFraction, SEED);
    int[] retain = split.retain();
    int[] forget = split.forget();
    int[] testIdx = test.allIndices();
    Engine engine = ModelIO.engine();
    ModelIO.configureThread();
    ObjectMapper json = new ObjectMapper();

    // The cache key: the original depends on the data and the epochs, the reference also on the forget set.
    String tag = "small-cnn-" + dataDir.getFileName() + "-" + pretrainEpochs + "ep-forget" + forgetFraction;
    Path params = cache.resolve(tag + "-0000.params");
    Path reference = cache.resolve(tag + "-reference.json");
    if (!Files.exists(params)) {
      engine.setRandomSeed((int) SEED);
      try (Model model = newModel(train)) {
        train(model, train, train.allIndices(), pretrainEpochs, "pretrain");
        model.save(cache, tag);
        print(json, "original", ModelAssessment.assess(model, train, test, retain, forget, testIdx, BATCH, SEED), 0);
      }
    }
    if (!Files.exists(reference)) {
      engine.setRandomSeed((int) SEED);
      try (Model model = newModel(train)) {
        train(model, train, retain, pretrainEpochs, "retrain");
        Accuracies acc = ModelAssessment.assess(model, train, test, retain, forget, testIdx, BATCH, SEED);
        Files.write(reference, json.writeValueAsBytes(acc));
      }
    }
    print(json, "retrained", json.readValue(reference.toFile(), Accuracies.class), 1.0);
    double retrainImages = (double) pretrainEpochs * retain.length;

    for (String s : settings.split(",")) {
      String[] f = s.trim().split(":");
      double noise = Double.parseDouble(f[0]);
      double lr = Double.parseDouble(f[1]);
      int epochs = Integer.parseInt(f[2]);
      double fraction = Double.parseDouble(f[3]);
      long seed = f.length > 4 ? Long.parseLong(f[4]) : SEED;
      // The request fields the setting stands for; every other field keeps the worker's default.
      UnlearningRequestSpec spec = new UnlearningRequestSpec();
      spec.setLearningRate(lr);
      spec.setRetainSampleFraction(fraction);
      int perEpoch = spec.retainSamplesPerEpoch(retain.length);
      engine.setRandomSeed((int) SEED);
      try (Model model = newModel(train)) {
        model.load(cache, tag);
        ConfuseStep.apply(model.getBlock(), noise, seed);
        double[] weights = spec.effectiveClassWeights(ModelSpec.DEFAULT_NUM_CLASSES);
        Optimizer sgd = UnlearningPipeline.fineTuneOptimizer(spec);
        Accuracies acc;
        try {
          new TrainingLoop("fineTune", ProgressListener.NONE).train(model, train, retain, perEpoch,
              new WeightedCrossEntropyLoss(weights), sgd, epochs, BATCH, seed);
          acc = ModelAssessment.assess(model, train, test, retain, forget, testIdx, BATCH, SEED);
        } catch (RuntimeException e) {
          System.out.println("{\"setting\":\"" + s + "\",\"error\":\"" + e.getMessage() + "\"}");
          continue;
        }
        print(json, s, acc, epochs * (double) perEpoch / retrainImages);
      }
    }
  }

  private static Model newModel(ImageDataset train) {
    return ModelIO.builtIn(ModelSpec.SMALL_CNN, ModelSpec.DEFAULT_NUM_CLASSES, train.inputShape(BATCH),
        ModelIO.engine().defaultDevice());
  }

  private static void train(Model model, ImageDataset train, int[] indices, int epochs, String phase) {
    new TrainingLoop(phase, ProgressListener.NONE).train(model, train, indices, Loss.softmaxCrossEntropyLoss(),
        UnlearningPipeline.pretrainOptimizer(), epochs, BATCH, SEED);
  }

  private static void print(ObjectMapper json, String setting, Accuracies a, double work) throws Exception {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("setting", setting);
    row.put("retain", a.getRetain());
    row.put("forget", a.getForget());
    row.put("test", a.getTest());
    row.put("mia", a.getMia());
    row.put("workRatio", Math.round(work * 10000) / 10000.0);
    System.out.println(json.writeValueAsString(row));
    System.out.flush();
  }
}
