package dev.unlearning.engine.stage;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.Location;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ResultDocument;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.model.ParameterReset;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;

/**
 * Reference stage (spec.reference). retrain: the same network trained on the retain set only with the pretraining
 * settings for spec.reference.epochs (default model.pretrainEpochs), from the built-in architecture initialised with
 * the run's seed (so from the same weights as a pretrained original), or, for a TorchScript model, from a copy of it
 * re-initialised layer by layer ({@link ParameterReset}). model: the user's own retrained model, loaded and assessed
 * only. Either is assessed like the other two models; the time ratio compares the unlearning method's phases with
 * the training here.
 */
public final class ReferenceStage {

  private ReferenceStage() {}

  /** The reference model's accuracies and its part of result.json. */
  public record Retrained(Accuracies accuracies, ResultDocument.Reference document) {}

  /**
   * The reference, or null when the request asks for none.
   *
   * @param model the unlearned model (a TorchScript one is copied and re-initialised, never changed)
   * @param referenceFile the local file of spec.reference.model.uri, or null
   */
  public static Retrained retrain(UnlearningRequestSpec spec, Engine engine, Assessor assessor,
      PhaseClock clock, double unlearningSeconds, Model model, Path referenceFile) {
    ReferenceSpec ref = spec.getReference();
    if (ref == null || !ref.wanted()) {
      return null;
    }
    if (ref.getModel() != null) {
      try (Model user = ModelIO.loadTorchScript("spec.reference.model.uri", referenceFile,
          assessor.devices()[0])) {
        Accuracies accuracies = assessor.assess(Phases.EVALUATE_RETRAINED, user, clock);
        return new Retrained(accuracies, new ResultDocument.Reference(null, null, null,
            PhaseClock.round3(unlearningSeconds), null, null, ResultDocument.Reference.USER_MODEL, null,
            Location.displayOf(ref.getModel().getUri()), null));
      }
    }
    ModelSpec modelSpec = spec.getModel();
    int epochs = ref.getEpochs() != null ? ref.getEpochs() : modelSpec.effectivePretrainEpochs();
    int batchSize = spec.effectiveBatchSize();
    engine.setRandomSeed((int) spec.effectiveSeed());
    boolean builtIn = modelSpec.getArchitecture() != null;
    ParameterReset.Copy copy = builtIn ? null : ParameterReset.of(model, ref.effectiveInitialization(),
        spec.effectiveSeed(), "spec.reference.retrain");
    try (Model scratch = builtIn ? ModelIO.builtIn(modelSpec.getArchitecture(), modelSpec.effectiveNumClasses(),
        assessor.train().inputShape(batchSize), assessor.devices()[0]) : copy.model()) {
      List<TrainingLoop.EpochStats> stats = clock.timed(Phases.RETRAIN, () -> new TrainingLoop(Phases.RETRAIN,
          clock.listener(), assessor.devices()).train(scratch, assessor.train(), assessor.retain(),
          Loss.softmaxCrossEntropyLoss(), Optimizers.pretrain(), epochs, batchSize, spec.effectiveSeed()));
      Accuracies retrained = assessor.assess(Phases.EVALUATE_RETRAINED, scratch, clock);
      double retrain = clock.seconds(Phases.RETRAIN);
      return new Retrained(retrained, new ResultDocument.Reference(modelSpec.getArchitecture(), epochs,
          ResultAssembler.epochs(stats), PhaseClock.round3(unlearningSeconds), PhaseClock.round3(retrain),
          retrain > 0 ? Math.round(unlearningSeconds / retrain * 10000) / 10000.0 : null,
          ResultDocument.Reference.RETRAINED,
          builtIn ? ResultDocument.Reference.BUILT_IN : ref.effectiveInitialization(), null,
          builtIn ? null : copy.note()));
    }
  }
}
