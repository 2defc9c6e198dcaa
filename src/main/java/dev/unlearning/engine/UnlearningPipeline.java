package dev.unlearning.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.Location;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.SpecValidator;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.evaluation.ModelAssessment;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.train.ConfuseStep;
import dev.unlearning.engine.train.Evaluator;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one unlearning request end to end: load data and model (pretraining a built-in architecture), evaluate,
 * confuse, fine-tune on the retain set, evaluate again, and write model, result.json and forget-indices.txt.
 * Not thread-safe; one run at a time per instance.
 */
public final class UnlearningPipeline {

  public static final String MODEL_TORCHSCRIPT = "model.pt";
  public static final String MODEL_DJL_PARAMS = "model.params";
  public static final String RESULT_JSON = "result.json";
  public static final String FORGET_INDICES = "forget-indices.txt";

  /** Phase names, also the keys of the durations map. */
  public static final String LOAD = "load";
  public static final String PRETRAIN = "pretrain";
  public static final String EVALUATE_ORIGINAL = "evaluateOriginal";
  public static final String CONFUSE = "confuse";
  public static final String FINE_TUNE = "fineTune";
  public static final String EVALUATE_UNLEARNED = "evaluateUnlearned";
  /** Training the same architecture from scratch on the retain set (spec.reference.retrain). */
  public static final String RETRAIN = "retrain";
  public static final String EVALUATE_RETRAINED = "evaluateRetrained";
  public static final String SAVE = "save";
  public static final String TOTAL = "total";

  /** Learning rate of the Adam optimizer that pretrains built-in architectures (the request's SGD is for unlearning). */
  static final float PRETRAIN_LEARNING_RATE = 1e-3f;

  private final Path pvcRoot;
  private final ProgressListener listener;
  private final Map<String, Double> durations = new LinkedHashMap<>();

  public UnlearningPipeline(Path pvcRoot, ProgressListener listener) {
    this.pvcRoot = pvcRoot;
    this.listener = listener != null ? listener : ProgressListener.NONE;
  }

  /**
   * Runs the request.
   *
   * @throws InvalidInputException for a bad field or file (exit code 2)
   * @throws DivergedException when training produced a NaN or infinite loss (exit code 3)
   */
  public UnlearningResult run(UnlearningRequestSpec spec) {
    try {
      SpecValidator.validate(spec);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    durations.clear();
    long start = System.nanoTime();
    ModelSpec modelSpec = spec.getModel();
    int numClasses = modelSpec.effectiveNumClasses();
    Path datasetDir = local("spec.dataset.uri", spec.getDataset().getUri());
    Path outputDir = local("spec.output.uri", spec.getOutput().getUri());
    Path modelFile = modelSpec.getUri() != null ? local("spec.model.uri", modelSpec.getUri()) : null;
    prepareOutputDir(outputDir);

    Engine engine = ModelIO.engine();
    // Only the trainer's gradient collector should record autograd graphs; see configureThread for the rest.
    ModelIO.configureThread();
    Device device = engine.defaultDevice();

    listener.phaseStarted(LOAD);
    long loadStart = System.nanoTime();
    Datasets.TrainTest data = Datasets.load(spec.getDataset().getFormat(), datasetDir, spec.getDataset().getNormalize());
    ImageDataset train = data.train();
    ImageDataset test = data.test();
    checkLabels(train, numClasses, datasetDir);
    checkLabels(test, numClasses, datasetDir);
    if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
      throw new InvalidInputException("spec.dataset.uri: training and test images in " + datasetDir
          + " have different shapes");
    }
    ForgetSplit split = split(spec.getForget(), train);
    byte[] forgetIndices = split.forgetIndicesFile();
    String forgetSha = ForgetSplit.sha256(forgetIndices);

    engine.setRandomSeed((int) spec.effectiveSeed());
    int batchSize = spec.effectiveBatchSize();
    try (Model model = modelFile != null
        ? ModelIO.loadTorchScript(modelFile, device)
        : ModelIO.builtIn(modelSpec.getArchitecture(), numClasses, train.inputShape(batchSize), device)) {
      checkOutputShape(model, train, numClasses, modelFile);
      finished(LOAD, loadStart);

      List<TrainingLoop.EpochStats> pretrain = List.of();
      if (modelFile == null) {
        pretrain = timed(PRETRAIN, () -> new TrainingLoop(PRETRAIN, listener).train(model, train, train.allIndices(),
            Loss.softmaxCrossEntropyLoss(), pretrainOptimizer(),
            modelSpec.effectivePretrainEpochs(), batchSize, spec.effectiveSeed()));
      } else {
        durations.put(PRETRAIN, 0.0);
      }

      int[] retain = split.retain();
      int[] forget = split.forget();
      int[] testIdx = test.allIndices();
      Accuracies original = timed(EVALUATE_ORIGINAL, () -> ModelAssessment.assess(model, train, test, retain, forget,
          testIdx, batchSize, spec.effectiveSeed()));

      ConfuseStep.Report confused = timed(CONFUSE, () -> ConfuseStep.apply(model.getBlock(), spec.effectiveNoiseStd(),
          spec.effectiveSeed()));

      double[] weights = spec.effectiveClassWeights(numClasses);
      Optimizer sgd = fineTuneOptimizer(spec);
      List<TrainingLoop.EpochStats> fineTune = timed(FINE_TUNE, () -> new TrainingLoop(FINE_TUNE, listener).train(model,
          train, retain, spec.retainSamplesPerEpoch(retain.length), new WeightedCrossEntropyLoss(weights), sgd,
          spec.effectiveEpochs(), batchSize, spec.effectiveSeed()));

      Accuracies unlearned = timed(EVALUATE_UNLEARNED, () -> ModelAssessment.assess(model, train, test, retain, forget,
          testIdx, batchSize, spec.effectiveSeed()));

      Retrained reference = retrainReference(spec, engine, device, train, test, retain, forget, testIdx);

      boolean torchScript = ModelIO.isTorchScript(model);
      Path savedModel = outputDir.resolve(torchScript ? MODEL_TORCHSCRIPT : MODEL_DJL_PARAMS);
      Path resultJson = outputDir.resolve(RESULT_JSON);
      timed(SAVE, () -> {
        // A result.json from an earlier run must not vouch for files this run is replacing.
        delete(resultJson);
        write(outputDir.resolve(FORGET_INDICES), forgetIndices);
        saveModel(model, torchScript, savedModel);
        return null;
      });
      durations.put(TOTAL, seconds(System.nanoTime() - start));

      ResultSummary summary = new ResultSummary();
      summary.setOriginal(original.rounded());
      summary.setUnlearned(unlearned.rounded());
      summary.setRetrained(reference != null ? reference.accuracies().rounded() : null);
      summary.setRetainSize(split.retainSize());
      summary.setForgetSize(split.forgetSize());
      summary.setTestSize(test.size());
      summary.setForgetIndicesSha256(forgetSha);
      summary.setDevice(device.toString());
      summary.setDurationsSeconds(orderedDurations());

      ResultDocument doc = new ResultDocument(ResultDocument.SCHEMA_VERSION, summary.getDevice(),
          new ResultDocument.ModelInfo(modelSpec.getUri(), modelFile == null ? modelSpec.getArchitecture() : null,
              numClasses, savedModel.getFileName().toString(), torchScript ? "torchscript" : "djl-params",
              confused.parameters(), confused.elements()),
          new ResultDocument.DatasetInfo(spec.getDataset().getFormat(), spec.getDataset().getUri(), train.size(),
              test.size(), List.of(train.channels(), train.height(), train.width())),
          new ResultDocument.ForgetInfo(mode(spec.getForget()), split.forgetSize(), split.retainSize(), FORGET_INDICES,
              forgetSha),
          settings(spec, weights, modelFile == null ? modelSpec.effectivePretrainEpochs() : 0),
          original, unlearned, epochs(pretrain), epochs(fineTune), summary.getDurationsSeconds(),
          reference != null ? reference.accuracies() : null, reference != null ? reference.document() : null);
      // result.json goes last: its presence means the output directory is complete.
      write(resultJson, json(doc));
      return new UnlearningResult(summary, outputDir, resultJson, savedModel);
    } catch (EngineException e) {
      throw new IllegalStateException("PyTorch engine failure: " + e.getMessage(), e);
    }
  }

  /** Adam of the pretraining of built-in architectures and of the retrain-from-scratch reference. */
  public static Optimizer pretrainOptimizer() {
    return Optimizer.adam().optLearningRateTracker(Tracker.fixed(PRETRAIN_LEARNING_RATE)).build();
  }

  /** The request's SGD of the fine-tuning (learning rate, momentum, weight decay, with their defaults). */
  public static Optimizer fineTuneOptimizer(UnlearningRequestSpec spec) {
    return Optimizer.sgd()
        .setLearningRateTracker(Tracker.fixed((float) spec.effectiveLearningRate()))
        .optMomentum((float) spec.effectiveMomentum())
        .optWeightDecays((float) spec.effectiveWeightDecay())
        .build();
  }

  private Path local(String field, String uri) {
    try {
      return Location.parse(field, uri).toLocalPath(pvcRoot);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static void prepareOutputDir(Path outputDir) {
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new InvalidInputException("spec.output.uri: output directory " + outputDir + " cannot be created: "
          + e.getMessage(), e);
    }
    if (!Files.isWritable(outputDir)) {
      throw new InvalidInputException("spec.output.uri: output directory " + outputDir + " is not writable");
    }
  }

  private ForgetSplit split(ForgetSpec forget, ImageDataset train) {
    if (forget.getFraction() != null) {
      return ForgetSplit.byFraction(train.size(), forget.getFraction(), forget.effectiveSeed());
    }
    if (forget.getClasses() != null) {
      return ForgetSplit.byClasses(train.size(), train::label, forget.getClasses());
    }
    return ForgetSplit.fromFile(train.size(), local("spec.forget.indicesFile", forget.getIndicesFile()));
  }

  private static String mode(ForgetSpec forget) {
    if (forget.getFraction() != null) {
      return "fraction";
    }
    return forget.getClasses() != null ? "classes" : "indicesFile";
  }

  private static void checkLabels(ImageDataset data, int numClasses, Path datasetDir) {
    for (int i = 0; i < data.size(); i++) {
      if (data.label(i) >= numClasses) {
        throw new InvalidInputException("spec.model.numClasses is " + numClasses + " but the dataset in " + datasetDir
            + " has label " + data.label(i) + " (sample " + i + ")");
      }
    }
  }

  private static void checkOutputShape(Model model, ImageDataset train, int numClasses, Path modelFile) {
    String what = modelFile != null ? "model file " + modelFile : "the built-in model";
    Shape out;
    try {
      out = Evaluator.outputShape(model, train);
    } catch (EngineException e) {
      throw new InvalidInputException("spec.model.uri: " + what + " fails on the dataset's images of shape "
          + train.inputShape(1) + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (out.dimension() != 2 || out.get(1) != numClasses) {
      throw new InvalidInputException("spec.model.numClasses is " + numClasses + " but " + what + " outputs shape "
          + out + " for one image; the output size must equal the number of classes");
    }
  }

  /**
   * The retrain-from-scratch reference when spec.reference.retrain is set, else null: the built-in architecture,
   * initialised with the run's seed (so from the same weights as a pretrained original), trained on the retain set
   * only with the pretraining settings for spec.reference.epochs (default model.pretrainEpochs), then assessed like
   * the other two models. The time ratio compares the unlearning (confuse + fine-tune) with this training.
   */
  private Retrained retrainReference(UnlearningRequestSpec spec, Engine engine, Device device,
      ImageDataset train, ImageDataset test, int[] retain, int[] forget, int[] testIdx) {
    ReferenceSpec ref = spec.getReference();
    if (ref == null || !Boolean.TRUE.equals(ref.getRetrain())) {
      return null;
    }
    ModelSpec modelSpec = spec.getModel();
    if (modelSpec.getArchitecture() == null) {
      // SpecValidator refuses this already; kept so the engine never trains an unknown network.
      throw new InvalidInputException("spec.reference.retrain needs spec.model.architecture to train the same network "
          + "from scratch; a TorchScript file alone has no architecture to retrain");
    }
    int epochs = ref.getEpochs() != null ? ref.getEpochs() : modelSpec.effectivePretrainEpochs();
    int batchSize = spec.effectiveBatchSize();
    engine.setRandomSeed((int) spec.effectiveSeed());
    try (Model scratch = ModelIO.builtIn(modelSpec.getArchitecture(), modelSpec.effectiveNumClasses(),
        train.inputShape(batchSize), device)) {
      List<TrainingLoop.EpochStats> stats = timed(RETRAIN, () -> new TrainingLoop(RETRAIN, listener).train(scratch,
          train, retain, Loss.softmaxCrossEntropyLoss(), pretrainOptimizer(), epochs, batchSize,
          spec.effectiveSeed()));
      Accuracies retrained = timed(EVALUATE_RETRAINED, () -> ModelAssessment.assess(scratch, train, test, retain,
          forget, testIdx, batchSize, spec.effectiveSeed()));
      double unlearning = durations.getOrDefault(CONFUSE, 0.0) + durations.getOrDefault(FINE_TUNE, 0.0);
      double retrain = durations.get(RETRAIN);
      return new Retrained(retrained, new ResultDocument.Reference(modelSpec.getArchitecture(), epochs, epochs(stats),
          round3(unlearning), round3(retrain), retrain > 0 ? Math.round(unlearning / retrain * 10000) / 10000.0 : null));
    }
  }

  /** The reference model's accuracies and its part of result.json. */
  private record Retrained(Accuracies accuracies, ResultDocument.Reference document) {}

  private static void saveModel(Model model, boolean torchScript, Path target) {
    try {
      if (torchScript) {
        AtomicFiles.write(target, out -> ModelIO.writeTorchScript(model, out));
      } else {
        // DJL names the file itself, so save into a private temp directory and rename the result into place.
        Path tmpDir = Files.createTempDirectory(target.getParent(), ".model-");
        try {
          Path saved = ModelIO.saveDjlParams(model, tmpDir, "model");
          AtomicFiles.move(saved, target);
        } finally {
          try (var files = Files.list(tmpDir)) {
            for (Path p : files.toList()) {
              Files.deleteIfExists(p);
            }
          }
          Files.deleteIfExists(tmpDir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path target, byte[] content) {
    try {
      AtomicFiles.write(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static ResultDocument.Settings settings(UnlearningRequestSpec spec, double[] weights, int pretrainEpochs) {
    return new ResultDocument.Settings(spec.effectiveNoiseStd(), Arrays.stream(weights).boxed().toList(),
        spec.effectiveEpochs(), spec.effectiveBatchSize(), spec.effectiveLearningRate(), spec.effectiveMomentum(),
        spec.effectiveWeightDecay(), spec.effectiveSeed(), pretrainEpochs, spec.effectiveRetainSampleFraction());
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] json(ResultDocument doc) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ResultDocument.Epoch> epochs(List<TrainingLoop.EpochStats> stats) {
    List<ResultDocument.Epoch> out = new ArrayList<>();
    for (TrainingLoop.EpochStats s : stats) {
      out.add(new ResultDocument.Epoch(s.epoch(), s.loss(), s.accuracy()));
    }
    return out;
  }

  /** Durations in the fixed phase order, every key present. */
  private Map<String, Double> orderedDurations() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String k : List.of(LOAD, PRETRAIN, EVALUATE_ORIGINAL, CONFUSE, FINE_TUNE, EVALUATE_UNLEARNED, RETRAIN,
        EVALUATE_RETRAINED, SAVE, TOTAL)) {
      if (durations.containsKey(k) || !(RETRAIN.equals(k) || EVALUATE_RETRAINED.equals(k))) {
        out.put(k, round3(durations.getOrDefault(k, 0.0)));
      }
    }
    return out;
  }

  /** Runs a phase, reporting its start and end and recording its duration. */
  private <T> T timed(String phase, Supplier<T> step) {
    listener.phaseStarted(phase);
    long t = System.nanoTime();
    T value = step.get();
    finished(phase, t);
    return value;
  }

  private void finished(String phase, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    durations.put(phase, seconds(elapsed));
    listener.phaseFinished(phase, Duration.ofNanos(elapsed));
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
