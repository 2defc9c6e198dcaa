package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ForgetRetainLoop;
import dev.unlearning.engine.train.GradientMask;

/**
 * random-labels (Golatkar et al., CVPR 2020; the RL baseline of SalUn): trains on the forget samples relabelled with a
 * random wrong class next to the retain samples, one cross-entropy over both. salun is the same under a saliency mask.
 */
public class RandomLabels implements UnlearningMethod {

  @Override
  public String name() {
    return MethodSettings.RANDOM_LABELS;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    MethodSettings s = ctx.spec().effectiveMethodSettings();
    int forgetBatch = s.getForgetBatchSize() != null ? s.getForgetBatchSize()
        : MixedTraining.proportionalForgetBatch(ctx);
    int retainBatch = ctx.batchSize();
    float total = retainBatch + forgetBatch;
    double fraction = s.effectiveSaliencyFraction(name());
    GradientMask mask = fraction < 1 ? MixedTraining.saliency(model, ctx, fraction) : null;
    try {
      MethodReport report = new MethodReport();
      if (mask != null) {
        report.put("saliencyFraction", fraction);
      }
      return MixedTraining.run(model, ctx, Phases.UNLEARN, new ForgetRetainLoop.Mix(retainBatch, forgetBatch,
          retainBatch / total, forgetBatch / total, ForgetRetainLoop.ForgetLoss.RANDOM_LABELS), mask, report);
    } finally {
      if (mask != null) {
        mask.close();
      }
    }
  }
}
