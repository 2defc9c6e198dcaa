package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ForgetRetainLoop;
import dev.unlearning.engine.train.GradientMask;
import dev.unlearning.engine.train.Optimizers;
import java.util.List;

/**
 * The common part of finetune, neggrad-plus, random-labels and salun: train with the request's SGD for spec.epochs
 * epochs of spec.retainSampleFraction of the retain set, each step mixing retain and forget samples as the method's
 * {@link ForgetRetainLoop.Mix} says, optionally under a saliency mask and the held-out stop.
 */
final class MixedTraining {

  private MixedTraining() {}

  static MethodOutcome run(Model model, MethodContext ctx, String phase, ForgetRetainLoop.Mix mix, GradientMask mask,
      MethodReport report) {
    return run(model, ctx, phase, mix, mask, report, null);
  }

  /** The same with the method's own forget loss ({@code term}; null: the mix's). */
  static MethodOutcome run(Model model, MethodContext ctx, String phase, ForgetRetainLoop.Mix mix, GradientMask mask,
      MethodReport report, ForgetRetainLoop.ForgetTerm term) {
    return run(model, ctx, new ForgetRetainLoop(phase, ctx.listener()).withForgetTerm(term), phase, ctx.forget(), mix,
        mask, report);
  }

  /** The same with a configured loop and the forget samples to train on ({@code forget}, a part of ctx.forget()). */
  static MethodOutcome run(Model model, MethodContext ctx, ForgetRetainLoop loop, String phase, int[] forget,
      ForgetRetainLoop.Mix mix, GradientMask mask, MethodReport report) {
    UnlearningRequestSpec spec = ctx.spec();
    int[] retain = ctx.retain();
    HeldOutStop stop = HeldOutStop.of(model, ctx, false);
    ForgetRetainLoop.Result result = ctx.phase(phase, () -> loop.train(model, ctx.train(), retain,
        spec.retainSamplesPerEpoch(retain.length), forget, mix, ctx.numClasses(), Optimizers.fineTune(spec),
        spec.effectiveEpochs(), ctx.seed(), mask, stop));
    report.put("retainPerStep", mix.retainPerStep()).put("forgetPerStep", mix.forgetPerStep())
        .put("stopAtHeldOutAccuracy", stop != null).mask(mask).stop(stop, result.stopped())
        .put("trainingSamples", result.samples());
    if (result.replayed() > 0) {
      report.put("replayedRetainRows", result.replayed());
    }
    return new MethodOutcome(result.epochs(), List.of(), 0, report.build());
  }

  /** Forget samples per step so that each forget sample comes about once per epoch, at least 1. */
  static int proportionalForgetBatch(MethodContext ctx) {
    int retainPerEpoch = ctx.spec().retainSamplesPerEpoch(ctx.retain().length);
    long steps = (retainPerEpoch + ctx.batchSize() - 1L) / ctx.batchSize();
    return (int) Math.max(1, Math.round((double) ctx.forget().length / steps));
  }

  /** Runs {@code step} as the saliency phase when the fraction selects less than everything. */
  static GradientMask saliency(Model model, MethodContext ctx, double fraction) {
    return ctx.phase(Phases.SALIENCY, () -> GradientMask.salient(model, ctx.train(), ctx.forget(), ctx.batchSize(),
        GradientMask.trainable(model), fraction));
  }
}
