package dev.unlearning.engine.method;

import ai.djl.Model;
import ai.djl.training.optimizer.Optimizer;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ConfuseStep;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import java.util.List;

/**
 * The seed's method: Gaussian noise on every convolution weight and bias (spec.noiseStd), then class-weighted
 * fine-tuning on the retain set with the request's SGD.
 */
public final class ConfuseFineTune implements UnlearningMethod {

  public static final String NAME = "confuse-finetune";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    UnlearningRequestSpec spec = ctx.spec();
    ConfuseStep.Report confused = ctx.phase(Phases.CONFUSE, () -> ConfuseStep.apply(model.getBlock(),
        spec.effectiveNoiseStd(), ctx.seed()));
    double[] weights = spec.effectiveClassWeights(ctx.numClasses());
    Optimizer sgd = Optimizers.fineTune(spec);
    int[] retain = ctx.retain();
    List<TrainingLoop.EpochStats> fineTune = ctx.phase(Phases.FINE_TUNE, () -> ctx.loop(Phases.FINE_TUNE).train(model,
        ctx.train(), retain, spec.retainSamplesPerEpoch(retain.length), new WeightedCrossEntropyLoss(weights), sgd,
        spec.effectiveEpochs(), ctx.batchSize(), ctx.seed()));
    return new MethodOutcome(fineTune, confused.parameters(), confused.elements());
  }
}
