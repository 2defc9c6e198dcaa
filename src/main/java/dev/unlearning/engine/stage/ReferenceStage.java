package dev.unlearning.engine.stage;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.ResultDocument;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import java.util.List;

/**
 * Reference stage (spec.reference.retrain): the built-in architecture, initialised with the run's seed (so from the
 * same weights as a pretrained original), trained on the retain set only with the pretraining settings for
 * spec.reference.epochs (default model.pretrainEpochs), then assessed like the other two models. The time ratio
 * compares the unlearning method's phases with this training.
 */
public final class ReferenceStage {

  private ReferenceStage() {}

  /** The reference model's accuracies and its part of result.json. */
  public record Retrained(Accuracies accuracies, ResultDocument.Reference document) {}

  /** The reference, or null when the request asks for none. */
  public static Retrained retrain(UnlearningRequestSpec spec, Engine engine, Assessor assessor,
      PhaseClock clock, double unlearningSeconds) {
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
        assessor.train().inputShape(batchSize), assessor.devices()[0])) {
      List<TrainingLoop.EpochStats> stats = clock.timed(Phases.RETRAIN, () -> new TrainingLoop(Phases.RETRAIN,
          clock.listener(), assessor.devices()).train(scratch, assessor.train(), assessor.retain(),
          Loss.softmaxCrossEntropyLoss(), Optimizers.pretrain(), epochs, batchSize, spec.effectiveSeed()));
      Accuracies retrained = assessor.assess(Phases.EVALUATE_RETRAINED, scratch, clock);
      double retrain = clock.seconds(Phases.RETRAIN);
      return new Retrained(retrained, new ResultDocument.Reference(modelSpec.getArchitecture(), epochs,
          ResultAssembler.epochs(stats), PhaseClock.round3(unlearningSeconds), PhaseClock.round3(retrain),
          retrain > 0 ? Math.round(unlearningSeconds / retrain * 10000) / 10000.0 : null));
    }
  }
}
