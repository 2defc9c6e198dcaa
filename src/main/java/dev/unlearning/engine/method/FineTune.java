package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ForgetRetainLoop;

/** finetune: plain cross-entropy fine-tuning on the retain set only; forgetting comes from catastrophic forgetting. */
public final class FineTune implements UnlearningMethod {

  @Override
  public String name() {
    return MethodSettings.FINETUNE;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    return MixedTraining.run(model, ctx, Phases.FINE_TUNE,
        new ForgetRetainLoop.Mix(ctx.batchSize(), 0, 1f, 0f, ForgetRetainLoop.ForgetLoss.CROSS_ENTROPY), null, new MethodReport());
  }
}
