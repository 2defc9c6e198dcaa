package dev.unlearning.engine.method;

import ai.djl.Model;
import ai.djl.training.optimizer.Optimizer;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ConfuseStep;
import dev.unlearning.engine.train.GradientMask;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import java.util.List;

/**
 * The seed's method: Gaussian noise on every convolution weight and bias (spec.noiseStd), then class-weighted
 * fine-tuning on the retain set with the request's SGD. Options (spec.methodSettings): a saliencyFraction below 1 puts
 * the noise only on that share of the convolution weights most salient to the forget set, and stopAtHeldOutAccuracy
 * ends the fine-tuning once forget accuracy has climbed back to the held-out accuracy.
 */
public final class ConfuseFineTune implements UnlearningMethod {

  @Override
  public String name() {
    return MethodSettings.CONFUSE_FINETUNE;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    UnlearningRequestSpec spec = ctx.spec();
    double fraction = spec.effectiveMethodSettings().effectiveSaliencyFraction(name());
    GradientMask mask = fraction < 1 ? ctx.phase(Phases.SALIENCY, () -> GradientMask.salient(model, ctx.train(),
        ctx.forget(), ctx.batchSize(), ConfuseStep.convParameters(model.getBlock()), fraction)) : null;
    try {
      ConfuseStep.Report confused = ctx.phase(Phases.CONFUSE, () -> ConfuseStep.apply(model.getBlock(),
          spec.effectiveNoiseStd(), ctx.seed(), mask));
      double[] weights = spec.effectiveClassWeights(ctx.numClasses());
      Optimizer sgd = Optimizers.fineTune(spec);
      int[] retain = ctx.retain();
      HeldOutStop stop = HeldOutStop.of(model, ctx, true);
      List<TrainingLoop.EpochStats> fineTune = ctx.phase(Phases.FINE_TUNE, () -> ctx.loop(Phases.FINE_TUNE).train(
          model, ctx.train(), retain, spec.retainSamplesPerEpoch(retain.length), new WeightedCrossEntropyLoss(weights),
          sgd, spec.effectiveEpochs(), ctx.batchSize(), ctx.seed(), stop));
      MethodReport report = new MethodReport().put("saliencyFraction", fraction).mask(mask)
          .put("stopAtHeldOutAccuracy", stop != null).stop(stop, stop != null && stop.reached());
      return new MethodOutcome(fineTune, confused.parameters(), confused.elements(), report.build());
    } finally {
      if (mask != null) {
        mask.close();
      }
    }
  }
}
