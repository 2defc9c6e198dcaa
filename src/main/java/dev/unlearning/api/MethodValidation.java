package dev.unlearning.api;

import java.util.List;

/**
 * The check of spec.methodSettings, spec.noiseStd and spec.classWeights that the CRD does not make: only settings the
 * method uses (the method's name and each setting's range are the CRD's).
 */
final class MethodValidation {

  private MethodValidation() {}

  static void check(UnlearningRequestSpec spec, List<SpecValidationException> out) {
    String m = spec.effectiveMethod();
    if (!MethodSettings.METHODS.contains(m)) {
      return; // the CRD's enum reports it
    }
    if (!MethodSettings.CONFUSE_FINETUNE.equals(m)) {
      onlyFor(out, "spec.noiseStd", spec.getNoiseStd(), m, MethodSettings.CONFUSE_FINETUNE);
      onlyFor(out, "spec.classWeights", spec.getClassWeights(), m, MethodSettings.CONFUSE_FINETUNE);
    }
    MethodSettings s = spec.getMethodSettings();
    if (s == null) {
      return;
    }
    onlyFor(out, "spec.methodSettings.saliencyFraction", s.getSaliencyFraction(), m, MethodSettings.CONFUSE_FINETUNE,
        MethodSettings.SALUN);
    onlyFor(out, "spec.methodSettings.retainWeight", s.getRetainWeight(), m, MethodSettings.NEGGRAD_PLUS,
        MethodSettings.HELDOUT_MATCH);
    onlyFor(out, "spec.methodSettings.forgetLoss", s.getForgetLoss(), m, MethodSettings.NEGGRAD_PLUS);
    onlyFor(out, "spec.methodSettings.repairSampleFraction", s.getRepairSampleFraction(), m,
        MethodSettings.HELDOUT_MATCH);
    onlyFor(out, "spec.methodSettings.fixedTargets", s.getFixedTargets(), m, MethodSettings.HELDOUT_MATCH);
    onlyFor(out, "spec.methodSettings.matchBelow", s.getMatchBelow(), m, MethodSettings.HELDOUT_MATCH);
    onlyFor(out, "spec.methodSettings.retainAnchor", s.getRetainAnchor(), m, MethodSettings.HELDOUT_MATCH,
        MethodSettings.REINIT_FINETUNE);
    onlyFor(out, "spec.methodSettings.reinitLayerFraction", s.getReinitLayerFraction(), m,
        MethodSettings.REINIT_FINETUNE);
    onlyFor(out, "spec.methodSettings.reinitCycles", s.getReinitCycles(), m, MethodSettings.REINIT_FINETUNE);
    onlyFor(out, "spec.methodSettings.retainReplay", s.getRetainReplay(), m, MethodSettings.HELDOUT_MATCH);
    // trainedLayers first: it needs frozenFeatures, so a method without either is told about the list it gave.
    onlyFor(out, MethodSettings.TRAINED_LAYERS_FIELD, s.getTrainedLayers(), m, MethodSettings.HELDOUT_MATCH);
    onlyFor(out, "spec.methodSettings.frozenFeatures", s.getFrozenFeatures(), m, MethodSettings.HELDOUT_MATCH);
    onlyFor(out, "spec.methodSettings.confuseScope", s.getConfuseScope(), m, MethodSettings.CONFUSE_FINETUNE);
    onlyFor(out, MethodSettings.CONFUSE_LAYERS_FIELD, s.getConfuseLayers(), m, MethodSettings.CONFUSE_FINETUNE);
    onlyFor(out, "spec.methodSettings.lastEpochNoiseStd", s.getLastEpochNoiseStd(), m,
        MethodSettings.CONFUSE_FINETUNE);
    if (s.getMatchBelow() != null && MethodSettings.HELDOUT_MATCH.equals(m) && !s.effectiveFixedTargets()) {
      out.add(new SpecValidationException("spec.methodSettings.matchBelow", "needs spec.methodSettings.fixedTargets:"
          + " true (the targets are known before training only then)"));
    }
    if (s.getRetainReplay() != null && s.getRetainReplay() >= spec.effectiveBatchSize()) {
      out.add(new SpecValidationException("spec.methodSettings.retainReplay", "must be less than spec.batchSize ("
          + spec.effectiveBatchSize() + "), got " + s.getRetainReplay() + "; a step needs fresh retain samples"));
    }
    if (s.getHeldOutFraction() != null && !s.readsHeldOut(m)) {
      out.add(new SpecValidationException("spec.methodSettings.heldOutFraction", "applies to heldout-match, or with"
          + " spec.methodSettings.stopAtHeldOutAccuracy: true, only; spec.method " + m + " reads no held-out data"));
    }
    onlyFor(out, "spec.methodSettings.forgetBatchSize", s.getForgetBatchSize(), m, MethodSettings.NEGGRAD_PLUS,
        MethodSettings.HELDOUT_MATCH, MethodSettings.RANDOM_LABELS, MethodSettings.SALUN);
  }

  private static void onlyFor(List<SpecValidationException> out, String field, Object value, String method,
      String... methods) {
    if (value != null && !List.of(methods).contains(method)) {
      out.add(new SpecValidationException(field, "applies to " + String.join(" and ", methods)
          + " only, not to spec.method " + method));
    }
  }
}
