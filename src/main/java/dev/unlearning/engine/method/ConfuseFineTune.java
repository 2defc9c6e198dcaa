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
import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * The seed's method: Gaussian noise on every convolution weight and bias (spec.noiseStd; methodSettings.confuseScope
 * limits it to the stem or named layers), then class-weighted fine-tuning on the retain set with the request's SGD,
 * optionally with a second small noise before its last epoch (methodSettings.lastEpochNoiseStd). Options (spec.methodSettings): a saliencyFraction below 1 puts
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
    MethodSettings s = spec.effectiveMethodSettings();
    // Chosen first, so names that match no convolution are refused before any pass over the data.
    Map<String, NDArray> convs = ConfuseStep.selected(model.getBlock(), s.effectiveConfuseScope(),
        s.getConfuseLayers());
    double fraction = s.effectiveSaliencyFraction(name());
    GradientMask mask = fraction < 1 ? ctx.phase(Phases.SALIENCY, () -> GradientMask.salient(model, ctx.train(),
        ctx.forget(), ctx.batchSize(), convs, fraction)) : null;
    try {
      ConfuseStep.Report confused = ctx.phase(Phases.CONFUSE, () -> ConfuseStep.apply(convs,
          spec.effectiveNoiseStd(), ctx.seed(), mask));
      double[] weights = spec.effectiveClassWeights(ctx.numClasses());
      Optimizer sgd = Optimizers.fineTune(spec);
      int[] retain = ctx.retain();
      HeldOutStop stop = HeldOutStop.of(model, ctx, true);
      int epochs = spec.effectiveEpochs();
      double second = s.effectiveLastEpochNoiseStd();
      long[] secondElements = {0};
      TrainingLoop loop = ctx.loop(Phases.FINE_TUNE);
      if (second > 0) {
        // A noise of its own (seed + 1), not the first one scaled down.
        loop.onEpochStart(epoch -> {
          if (epoch == epochs) {
            secondElements[0] = ConfuseStep.apply(convs, second, ctx.seed() + 1, mask).elements();
          }
        });
      }
      List<TrainingLoop.EpochStats> fineTune = ctx.phase(Phases.FINE_TUNE, () -> loop.train(
          model, ctx.train(), retain, spec.retainSamplesPerEpoch(retain.length), new WeightedCrossEntropyLoss(weights),
          sgd, epochs, ctx.batchSize(), ctx.seed(), stop));
      MethodReport report = new MethodReport().put("saliencyFraction", fraction).mask(mask)
          .put("confuseScope", s.effectiveConfuseScope()).put("stopAtHeldOutAccuracy", stop != null)
          .stop(stop, stop != null && stop.reached());
      if (second > 0) {
        report.put("lastEpochNoiseStd", second).put("lastEpochNoisedElements", secondElements[0]);
      }
      return new MethodOutcome(fineTune, confused.parameters(), confused.elements(), report.build());
    } finally {
      if (mask != null) {
        mask.close();
      }
    }
  }
}
