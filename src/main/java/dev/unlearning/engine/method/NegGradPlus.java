package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ForgetRetainLoop;

/**
 * neggrad-plus (Kurmanji et al., NeurIPS 2023): each step descends a * CE(retain batch) - (1 - a) * CE(forget batch),
 * i.e. gradient ascent on the forget set held in check by descent on the retain set.
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
    return MixedTraining.run(model, ctx, Phases.UNLEARN,
        new ForgetRetainLoop.Mix(ctx.batchSize(), forgetBatch, (float) a, (float) -(1 - a), false), null,
        new MethodReport().put("retainWeight", a));
  }
}
