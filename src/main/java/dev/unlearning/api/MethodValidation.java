package dev.unlearning.api;

import java.util.List;

/** The checks of spec.method and spec.methodSettings: a known method, and only settings the method uses. */
final class MethodValidation {

  private MethodValidation() {}

  static void check(UnlearningRequestSpec spec, List<SpecValidationException> out) {
    String method = spec.getMethod();
    if (method != null && !MethodSettings.METHODS.contains(method)) {
      out.add(new SpecValidationException("spec.method", "must be one of " + MethodSettings.METHODS + " (got '"
          + method + "')"));
      return;
    }
    String m = spec.effectiveMethod();
    boolean confuse = MethodSettings.CONFUSE_FINETUNE.equals(m);
    if (!confuse) {
      onlyFor(out, "spec.noiseStd", spec.getNoiseStd(), m, MethodSettings.CONFUSE_FINETUNE);
      onlyFor(out, "spec.classWeights", spec.getClassWeights(), m, MethodSettings.CONFUSE_FINETUNE);
    }
    MethodSettings s = spec.getMethodSettings();
    if (s == null) {
      return;
    }
    Double saliency = s.getSaliencyFraction();
    if (saliency != null) {
      if (!(saliency > 0 && saliency <= 1)) {
        out.add(new SpecValidationException("spec.methodSettings.saliencyFraction",
            "must be > 0 and <= 1 (got " + saliency + ")"));
      }
      onlyFor(out, "spec.methodSettings.saliencyFraction", saliency, m, MethodSettings.CONFUSE_FINETUNE,
          MethodSettings.SALUN);
    }
    Double weight = s.getRetainWeight();
    if (weight != null) {
      if (!(weight > 0 && weight < 1)) {
        out.add(new SpecValidationException("spec.methodSettings.retainWeight",
            "must be > 0 and < 1 (got " + weight + ")"));
      }
      onlyFor(out, "spec.methodSettings.retainWeight", weight, m, MethodSettings.NEGGRAD_PLUS,
          MethodSettings.HELDOUT_MATCH);
    }
    String forgetLoss = s.getForgetLoss();
    if (forgetLoss != null) {
      if (!MethodSettings.FORGET_LOSSES.contains(forgetLoss)) {
        out.add(new SpecValidationException("spec.methodSettings.forgetLoss",
            "must be one of " + MethodSettings.FORGET_LOSSES + " (got '" + forgetLoss + "')"));
      }
      onlyFor(out, "spec.methodSettings.forgetLoss", forgetLoss, m, MethodSettings.NEGGRAD_PLUS);
    }
    Double repair = s.getRepairSampleFraction();
    if (repair != null) {
      if (!(repair >= 0 && repair <= 1)) {
        out.add(new SpecValidationException("spec.methodSettings.repairSampleFraction",
            "must be >= 0 and <= 1 (got " + repair + ")"));
      }
      onlyFor(out, "spec.methodSettings.repairSampleFraction", repair, m, MethodSettings.HELDOUT_MATCH);
    }
    onlyFor(out, "spec.methodSettings.fixedTargets", s.getFixedTargets(), m, MethodSettings.HELDOUT_MATCH);
    Integer forgetBatch = s.getForgetBatchSize();
    if (forgetBatch != null) {
      if (forgetBatch < 1) {
        out.add(new SpecValidationException("spec.methodSettings.forgetBatchSize",
            "must be >= 1 (got " + forgetBatch + ")"));
      }
      onlyFor(out, "spec.methodSettings.forgetBatchSize", forgetBatch, m, MethodSettings.NEGGRAD_PLUS,
          MethodSettings.HELDOUT_MATCH, MethodSettings.RANDOM_LABELS, MethodSettings.SALUN);
    }
  }

  private static void onlyFor(List<SpecValidationException> out, String field, Object value, String method,
      String... methods) {
    if (value != null && !List.of(methods).contains(method)) {
      out.add(new SpecValidationException(field, "applies to " + String.join(" and ", methods)
          + " only, not to spec.method " + method));
    }
  }
}
