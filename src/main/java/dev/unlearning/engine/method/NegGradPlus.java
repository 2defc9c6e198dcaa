package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ForgetRetainLoop;

/**
 * neggrad-plus (Kurmanji et al., NeurIPS 2023): each step descends a * CE(retain batch) - (1 - a) * CE(forget batch),
 * i.e. gradient ascent on the forget set held in check by descent on the retain set. With methodSettings.forgetLoss
 * unlikelihood the forget term is a * CE(retain) + (1 - a) * -log(1 - p_true(forget)) instead, which does not stall on
 * memorised samples.
 */
public final class NegGradPlus implements UnlearningMethod {

  @Override
  public String name() {
    return MethodSettings.NEGGRAD_PLUS;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    MethodSettings s = ctx.spec().effectiveMethodSettings();
    double a = s.effectiveRetainWeight();
    int forgetBatch = s.getForgetBatchSize() != null ? s.getForgetBatchSize() : ctx.batchSize();
    boolean unlikelihood = MethodSettings.UNLIKELIHOOD.equals(s.effectiveForgetLoss());
    // Ascent maximises the forget loss (a negative weight); unlikelihood minimises its own loss.
    ForgetRetainLoop.Mix mix = new ForgetRetainLoop.Mix(ctx.batchSize(), forgetBatch, (float) a,
        (float) (unlikelihood ? 1 - a : -(1 - a)),
        unlikelihood ? ForgetRetainLoop.ForgetLoss.UNLIKELIHOOD : ForgetRetainLoop.ForgetLoss.CROSS_ENTROPY);
    return MixedTraining.run(model, ctx, Phases.UNLEARN, mix, null,
        new MethodReport().put("retainWeight", a).put("forgetLoss", s.effectiveForgetLoss()));
  }
}
