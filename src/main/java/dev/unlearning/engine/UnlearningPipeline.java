package dev.unlearning.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.training.optimizer.Optimizer;
import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.ResultGaps;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.RequestValidator;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.evidence.AcceptanceGate;
import dev.unlearning.engine.evidence.EvidenceContext;
import dev.unlearning.engine.evidence.InputDigests;
import dev.unlearning.engine.method.MethodContext;
import dev.unlearning.engine.method.MethodOutcome;
import dev.unlearning.engine.method.Methods;
import dev.unlearning.engine.method.UnlearningMethod;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.HeldOutSplit;
import dev.unlearning.engine.stage.Assessor;
import dev.unlearning.engine.stage.DataStage;
import dev.unlearning.engine.stage.EvidenceStage;
import dev.unlearning.engine.stage.FetchStage;
import dev.unlearning.engine.stage.ModelFieldChecks;
import dev.unlearning.engine.stage.OriginalStage;
import dev.unlearning.engine.stage.PhaseClock;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.stage.ReferenceStage;
import dev.unlearning.engine.stage.RunReport;
import dev.unlearning.engine.stage.SaveStage;
import dev.unlearning.engine.stage.SplitStage;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.Devices;
import dev.unlearning.engine.train.Evaluator;
import dev.unlearning.engine.train.TrainingLoop;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Runs one unlearning request end to end as a row of stages: load (data, split, original model), assess the
 * original, unlearn (the request's {@link UnlearningMethod}), assess again, the optional retrain-from-scratch
 * reference, the acceptance gate, save (model, forget-indices.txt, evidence record, result.json) and publish: at the
 * output location, or at its .rejected sibling when the model missed spec.acceptance. Each stage is a class in
 * {@code dev.unlearning.engine.stage}; URIs become local paths only through {@link Locations}.
 * Not thread-safe; one run at a time per instance.
 */
public final class UnlearningPipeline {

  public static final String MODEL_TORCHSCRIPT = SaveStage.MODEL_TORCHSCRIPT;
  public static final String MODEL_DJL_PARAMS = SaveStage.MODEL_DJL_PARAMS;
  public static final String RESULT_JSON = SaveStage.RESULT_JSON;
  public static final String FORGET_INDICES = SaveStage.FORGET_INDICES;

  /** Phase names, also the keys of the durations map (see {@link Phases}). */
  public static final String LOAD = Phases.LOAD;
  public static final String PRETRAIN = Phases.PRETRAIN;
  public static final String EVALUATE_ORIGINAL = Phases.EVALUATE_ORIGINAL;
  public static final String CONFUSE = Phases.CONFUSE;
  public static final String FINE_TUNE = Phases.FINE_TUNE;
  public static final String EVALUATE_UNLEARNED = Phases.EVALUATE_UNLEARNED;
  public static final String RETRAIN = Phases.RETRAIN;
  public static final String EVALUATE_RETRAINED = Phases.EVALUATE_RETRAINED;
  public static final String SAVE = Phases.SAVE;
  public static final String TOTAL = Phases.TOTAL;

  private final Locations locations;
  private final ProgressListener listener;

  /** Resolves locations on this machine, pvc:// claims mounted under {@code pvcRoot}. */
  public UnlearningPipeline(Path pvcRoot, ProgressListener listener) {
    this(Locations.local(pvcRoot), listener);
  }

  public UnlearningPipeline(Locations locations, ProgressListener listener) {
    this.locations = locations;
    this.listener = listener != null ? listener : ProgressListener.NONE;
  }

  /**
   * Runs the request for an owner named only by its spec ({@link OutputOwner#local} without name or file).
   *
   * @throws InvalidInputException for a bad field or file (exit code 2)
   * @throws DivergedException when training produced a NaN or infinite loss (exit code 3)
   */
  public UnlearningResult run(UnlearningRequestSpec spec) {
    return run(spec, OutputOwner.local(null, null, spec));
  }

  /**
   * Runs the request for {@code owner}, whose result.json records it; refuses, before loading anything, an output
   * location that holds another request's result ({@link OutputClaim}).
   *
   * @throws InvalidInputException for a bad field or file, or an output that is another request's (exit code 2)
   * @throws DivergedException when training produced a NaN or infinite loss (exit code 3)
   */
  public UnlearningResult run(UnlearningRequestSpec spec, OutputOwner owner) {
    return run(spec, owner, EvidenceContext.none());
  }

  /**
   * Runs the request for {@code owner} and writes its evidence record with {@code evidence}'s keys. A model that
   * misses spec.acceptance is saved, with its record, at the .rejected sibling of the output location instead (the
   * result's verdict says so; the caller reports it, exit code 4).
   */
  public UnlearningResult run(UnlearningRequestSpec spec, OutputOwner owner, EvidenceContext evidence) {
    Instant started = Instant.now();
    try {
      RequestValidator.validate(spec);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
    OutputClaim.check(spec, owner, locations, RESULT_JSON);
    String rejectedUri = AcceptanceSpec.rejectedUri(spec.getOutput().getUri());
    if (spec.getAcceptance() != null) {
      OutputClaim.check(spec, owner, locations, RESULT_JSON, rejectedUri);
    }
    UnlearningMethod method = Methods.of(spec);
    PhaseClock clock = new PhaseClock(listener);
    ModelSpec modelSpec = spec.getModel();
    int numClasses = modelSpec.effectiveNumClasses();
    FetchStage.Inputs fetched = FetchStage.fetch(spec, locations, clock);
    Path datasetDir = fetched.dataset();
    Path outputDir = locations.outputDir("spec.output.uri", spec.getOutput().getUri());
    Path modelFile = fetched.model();
    Path referenceFile = fetched.reference();
    SaveStage.prepare(outputDir);

    Engine engine = ModelIO.engine();
    // Only the trainer's gradient collector should record autograd graphs; see configureThread for the rest.
    ModelIO.configureThread();
    Device[] devices = Devices.forRequest(engine, spec);

    clock.start(Phases.LOAD);
    Datasets.TrainTest data = DataStage.load(spec.getDataset(), datasetDir, numClasses);
    SplitStage.Split split = SplitStage.split(spec.getForget(), data.train(), locations, fetched.parentForget(),
        fetched.parent());
    engine.setRandomSeed((int) spec.effectiveSeed());
    int batchSize = spec.effectiveBatchSize();
    try (Model model = OriginalStage.open(modelSpec, modelFile, data.train(), batchSize, devices[0])) {
      ModelFieldChecks.check(spec, model, referenceFile, devices[0]);
      clock.finish();
      InputDigests inputs = clock.timed(Phases.DIGEST,
          () -> InputDigests.of(spec, modelFile, datasetDir, locations, EvidenceStage.RECORD));
      List<TrainingLoop.EpochStats> pretrain = OriginalStage.pretrain(model, modelFile == null, spec, data.train(),
          devices, clock);
      HeldOutSplit heldOut = HeldOutSplit.of(spec, data.test().size());
      Assessor assessor = new Assessor(data.train(), data.test(), split.sets().retain(), split.sets().forget(),
          heldOut.assessed(), batchSize, spec.effectiveSeed(), devices);
      Accuracies original = assessor.assess(Phases.EVALUATE_ORIGINAL, model, clock);

      MethodContext context = heldOut.splits()
          ? new MethodContext(spec, numClasses, assessor, clock, original, clock.timed(Phases.EVALUATE_HELD_OUT,
              () -> new MethodContext.HeldOut(data.test(), heldOut.method(),
                  Evaluator.accuracy(model, data.test(), heldOut.method(), batchSize, devices))))
          : new MethodContext(spec, numClasses, assessor, clock, original);
      MethodOutcome outcome = method.unlearn(model, context);
      Accuracies unlearned = assessor.assess(Phases.EVALUATE_UNLEARNED, model, clock);

      ReferenceStage.Retrained reference = ReferenceStage.retrain(spec, engine, assessor, clock,
          context.seconds(), model, referenceFile);
      RunReport report = new RunReport(spec, owner, modelFile, data, split, heldOut, Devices.describe(devices), pretrain,
          original, outcome, unlearned, reference);
      AcceptanceGate.Verdict verdict = AcceptanceGate.judge(spec.getAcceptance(), original, unlearned,
          reference != null ? ResultGaps.between(unlearned, reference.accuracies()) : null);
      String targetUri = verdict.rejected() ? rejectedUri : spec.getOutput().getUri();
      Path targetDir = verdict.rejected() ? locations.outputDir("spec.output.uri", rejectedUri) : outputDir;
      SaveStage.prepare(targetDir);
      UnlearningResult result = SaveStage.save(model, targetDir, report, clock,
          new EvidenceStage(evidence, inputs, verdict, targetUri, started));
      locations.publish("spec.output.uri", targetUri, targetDir);
      return result;
    } catch (EngineException e) {
      throw new IllegalStateException("PyTorch engine failure: " + e.getMessage(), e);
    }
  }

  /** Adam of the pretraining of built-in architectures and of the retrain-from-scratch reference. */
  public static Optimizer pretrainOptimizer() {
    return Optimizers.pretrain();
  }

  /** The request's SGD of the fine-tuning (learning rate, momentum, weight decay, with their defaults). */
  public static Optimizer fineTuneOptimizer(UnlearningRequestSpec spec) {
    return Optimizers.fineTune(spec);
  }
}
