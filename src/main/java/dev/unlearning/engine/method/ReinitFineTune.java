package dev.unlearning.engine.method;

import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.stage.Phases;
import dev.unlearning.engine.train.ForgetRetainLoop;
import dev.unlearning.engine.train.LayerReinit;
import dev.unlearning.engine.train.LogitAnchor;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * reinit-finetune, "perturb the stack, then repair" after the NeurIPS 2023 unlearning challenge's 8th-place entry
 * (stochastic re-initialisation of whole layers in forget-remember cycles): each of methodSettings.reinitCycles cycles
 * re-initialises a growing share of the spatial convolutions, layers drawn at random ({@link LayerReinit}), then
 * fine-tunes the model on the retain set for spec.epochs epochs with the request's SGD and cross-entropy, plus, with
 * methodSettings.retainAnchor, that weight x the squared distance to the original's logits (the entry's
 * knowledge-preserving loss). Memorisation spread through the convolution stack is destroyed where a layer is
 * re-drawn, and only what the retain set teaches comes back. It never reads the forget set.
 */
public final class ReinitFineTune implements UnlearningMethod {

  @Override
  public String name() {
    return MethodSettings.REINIT_FINETUNE;
  }

  @Override
  public MethodOutcome unlearn(Model model, MethodContext ctx) {
    UnlearningRequestSpec spec = ctx.spec();
    MethodSettings s = spec.effectiveMethodSettings();
    List<LayerReinit.Layer> eligible = LayerReinit.check(model.getBlock());
    int cycles = s.effectiveReinitCycles();
    int epochs = spec.effectiveEpochs();
    int perEpoch = spec.retainSamplesPerEpoch(ctx.retain().length);
    double anchorWeight = s.effectiveRetainAnchor();
    ForgetRetainLoop loop = new ForgetRetainLoop(Phases.UNLEARN, ctx.listener());
    LogitAnchor anchor = null;
    if (anchorWeight > 0) {
      anchor = ctx.phase(Phases.ANCHOR, () -> LogitAnchor.measure(model, ctx.train(),
          trainedRetain(ctx.retain(), perEpoch, ctx.seed(), cycles, epochs), ctx.numClasses(), ctx.batchSize()));
      loop.withRetainAnchor(anchor, (float) anchorWeight);
    }
    ForgetRetainLoop.Mix mix = new ForgetRetainLoop.Mix(ctx.batchSize(), 0, 1f, 0f,
        ForgetRetainLoop.ForgetLoss.CROSS_ENTROPY);
    Random random = new Random(ctx.seed());
    Set<String> changed = new LinkedHashSet<>();
    List<String> perCycle = new ArrayList<>();
    List<TrainingLoop.EpochStats> stats = new ArrayList<>();
    long elements = 0;
    long samples = 0;
    for (int c = 1; c <= cycles; c++) {
      List<LayerReinit.Layer> chosen = LayerReinit.choose(eligible,
          LayerReinit.count(eligible.size(), s.effectiveReinitLayerFraction(), c, cycles), random);
      long written = ctx.phase(Phases.CONFUSE, () -> chosen.stream()
          .mapToLong(layer -> LayerReinit.reinitialise(layer, random)).sum());
      elements += written;
      chosen.forEach(layer -> changed.addAll(layer.parameters().keySet()));
      perCycle.add(String.join(",", chosen.stream().map(LayerReinit.Layer::name).toList()));
      long cycleSeed = cycleSeed(ctx.seed(), c);
      ForgetRetainLoop.Result result = ctx.phase(Phases.UNLEARN, () -> loop.train(model, ctx.train(), ctx.retain(),
          perEpoch, new int[0], mix, ctx.numClasses(), Optimizers.fineTune(spec), epochs, cycleSeed, null, null));
      stats.addAll(result.epochs());
      samples += result.samples();
    }
    MethodReport report = new MethodReport().put("reinitCycles", cycles)
        .put("reinitLayerFraction", s.effectiveReinitLayerFraction()).put("eligibleLayers", eligible.size())
        .put("reinitialisedLayers", perCycle).put("retainAnchor", anchorWeight)
        .put("trainingSamples", samples);
    if (anchor != null) {
      report.put("anchorSamples", anchor.size());
    }
    return new MethodOutcome(stats, List.copyOf(changed), elements, report.build());
  }

  /** A cycle's own seed for the retain order, so the cycles do not repeat one another's batches. */
  static long cycleSeed(long seed, int cycle) {
    return seed * 131 + cycle;
  }

  /** The retain samples the repairs train on over all cycles and epochs (the anchor needs their original logits). */
  static int[] trainedRetain(int[] retain, int perEpoch, long seed, int cycles, int epochs) {
    Set<Integer> out = new LinkedHashSet<>();
    for (int c = 1; c <= cycles; c++) {
      for (int e = 1; e <= epochs; e++) {
        Arrays.stream(ForgetRetainLoop.retainOrder(retain, perEpoch, cycleSeed(seed, c), e)).forEach(out::add);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
