package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.FrozenLayers;
import dev.unlearning.engine.train.ForgetRetainLoop;
import dev.unlearning.engine.train.LogitAnchor;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * heldout-match: each step descends a * CE(retain batch) + (1 - a) * match(forget batch), where match pulls the
 * forget samples' confidences onto the original model's confidences on held-out data ({@link HeldOutConfidences}).
 * Unlike ascent or unlikelihood, which push every forget sample down until something stops them, the target is what
 * retraining would give: the forget set scored like unseen data, most samples still right (the held-out accuracy),
 * the hardest wrong, confidences spread as on unseen samples; a sample already there is left alone. The target is
 * measured once, before training: following the model as it changes feeds any damage back into the target (the
 * model then drags its own held-out accuracy down, docs/benchmarks.md section 5). The held-out samples are the
 * context's (in the worker a seeded part of the test set, left out of the assessment).
 */
public final class HeldOutMatch implements UnlearningMethod {

  @Override
  public String name() {
    return MethodSettings.HELDOUT_MATCH;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    // Split first, so a network that cannot be split is refused before any pass over the data.
    MethodSettings settings = ctx.spec().effectiveMethodSettings();
    try (FrozenLayers frozen = settings.effectiveFrozenFeatures() ? FrozenLayers.of(model, settings) : null) {
      return unlearn(model, ctx, frozen);
    }
  }

  /** The method, training only the layers {@code frozen} leaves trainable when it is not null. */
  private MethodOutcome unlearn(Model model, MethodContext ctx, FrozenLayers frozen) {
    MethodSettings s = ctx.spec().effectiveMethodSettings();
    double a = s.effectiveRetainWeight(name());
    int forgetBatch = s.getForgetBatchSize() != null ? s.getForgetBatchSize() : ctx.batchSize();
    HeldOutConfidences target = ctx.phase(Phases.HELD_OUT, () -> HeldOutConfidences.of(model, ctx,
        s.effectiveFixedTargets()));
    MethodReport report = new MethodReport().put("retainWeight", a).put("heldOutSamples", target.sampleSize())
        .put("heldOutAccuracy", ctx.heldOut().originalAccuracy()).put("fixedTargets", s.effectiveFixedTargets());
    int[] forget = target.active(ctx.forget(), s.getMatchBelow());
    if (s.getMatchBelow() != null) {
      report.put("matchBelow", s.getMatchBelow()).put("matchedForgetSamples", forget.length);
    }
    ForgetRetainLoop loop = new ForgetRetainLoop(Phases.UNLEARN, ctx.listener()).withForgetTerm(target)
        .withRetainReplay(s.effectiveRetainReplay());
    if (frozen != null) {
      loop.withFrozenLayers(frozen);
      report.put("frozenFeatures", true).put("trainedLayers", frozen.trainedLayers())
          .put("trainedParameters", frozen.trainedParameters());
    }
    if (s.effectiveRetainAnchor() > 0) {
      LogitAnchor anchor = ctx.phase(Phases.ANCHOR, () -> LogitAnchor.measure(model, ctx.train(), trainedRetain(ctx),
          ctx.numClasses(), ctx.batchSize()));
      loop.withRetainAnchor(anchor, (float) s.effectiveRetainAnchor());
      report.put("retainAnchor", s.effectiveRetainAnchor()).put("anchorSamples", anchor.size());
    }
    MethodOutcome matched = MixedTraining.run(model, ctx, loop, Phases.UNLEARN, forget, new ForgetRetainLoop.Mix(
        ctx.batchSize(), forgetBatch, (float) a, (float) (1 - a), ForgetRetainLoop.ForgetLoss.CROSS_ENTROPY), null,
        report);
    double repair = s.effectiveRepairSampleFraction();
    int[] retain = ctx.retain();
    int repairSamples = (int) Math.round(repair * retain.length);
    if (repairSamples == 0) {
      return matched;
    }
    // Retain samples only: a mix without forget samples. A seed of its own, so it does not replay the matching's order.
    ForgetRetainLoop.Result repaired = ctx.phase(Phases.FINE_TUNE, () -> new ForgetRetainLoop(Phases.FINE_TUNE,
        ctx.listener()).train(model, ctx.train(), retain, repairSamples, ctx.forget(), new ForgetRetainLoop.Mix(
            ctx.batchSize(), 0, 1f, 0f, ForgetRetainLoop.ForgetLoss.CROSS_ENTROPY), ctx.numClasses(),
        Optimizers.fineTune(ctx.spec()), 1, ctx.seed() + 1, null, null));
    List<TrainingLoop.EpochStats> epochs = new ArrayList<>(matched.epochs());
    epochs.addAll(repaired.epochs());
    Map<String, Object> all = matched.report();
    all.put("repairSampleFraction", repair);
    all.put("trainingSamples", (long) all.get("trainingSamples") + repaired.samples());
    return new MethodOutcome(epochs, List.of(), 0, all);
  }

  /** The retain samples the matching trains on over all its epochs (the anchor needs their original logits). */
  private static int[] trainedRetain(MethodContext ctx) {
    int perEpoch = ctx.spec().retainSamplesPerEpoch(ctx.retain().length);
    return IntStream.rangeClosed(1, ctx.spec().effectiveEpochs())
        .flatMap(e -> Arrays.stream(ForgetRetainLoop.retainOrder(ctx.retain(), perEpoch, ctx.seed(), e)))
        .distinct().sorted().toArray();
  }
}
