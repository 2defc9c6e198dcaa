package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.method and spec.methodSettings: known names, ranges, and only the settings the chosen method uses. */
class MethodValidationTest {

  static List<String> problems(UnlearningRequestSpec spec) {
    return RequestValidator.problems(spec).stream().map(Throwable::getMessage).toList();
  }

  static UnlearningRequestSpec spec(String method, MethodSettings settings) {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.setMethod(method);
    spec.setMethodSettings(settings);
    return spec;
  }

  @Test
  void defaultIsTheSeedsMethodWithoutMaskOrStop() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    assertThat(problems(spec)).isEmpty();
    assertThat(spec.effectiveMethod()).isEqualTo("confuse-finetune");
    MethodSettings s = spec.effectiveMethodSettings();
    assertThat(s.effectiveSaliencyFraction("confuse-finetune")).isEqualTo(1.0);
    assertThat(s.effectiveSaliencyFraction("salun")).isEqualTo(0.5);
    assertThat(s.effectiveStopAtHeldOutAccuracy()).isFalse();
    assertThat(s.effectiveRetainWeight()).isEqualTo(0.99);
    assertThat(s.effectiveRetainWeight("neggrad-plus")).isEqualTo(0.99);
    assertThat(s.effectiveRetainWeight("heldout-match")).isEqualTo(MethodSettings.DEFAULT_HELDOUT_MATCH_RETAIN_WEIGHT);
    s.setRetainWeight(0.6);
    assertThat(s.effectiveRetainWeight("heldout-match")).isEqualTo(0.6);
  }

  @Test
  void everyMethodNameIsAccepted() {
    for (String m : MethodSettings.METHODS) {
      assertThat(problems(spec(m, null))).as(m).isEmpty();
    }
  }

  @Test
  void unknownMethodIsNamed() {
    assertThat(problems(spec("SalUn", null))).containsExactly("spec.method: must be one of [confuse-finetune, "
        + "finetune, neggrad-plus, random-labels, salun, heldout-match, reinit-finetune] (got 'SalUn')");
  }

  @Test
  void settingsOutsideTheirRange() {
    MethodSettings s = new MethodSettings();
    s.setSaliencyFraction(0.0);
    assertThat(problems(spec("salun", s))).containsExactly(
        "spec.methodSettings.saliencyFraction: must be > 0 and <= 1 (got 0.0)");
    s = new MethodSettings();
    s.setRetainWeight(1.0);
    assertThat(problems(spec("neggrad-plus", s))).containsExactly(
        "spec.methodSettings.retainWeight: must be > 0 and < 1 (got 1.0)");
    s = new MethodSettings();
    s.setReinitLayerFraction(0.0);
    s.setReinitCycles(11);
    assertThat(problems(spec("reinit-finetune", s))).containsExactly(
        "spec.methodSettings.reinitCycles: must be >= 1 and <= 10 (got 11)",
        "spec.methodSettings.reinitLayerFraction: must be > 0 and <= 1 (got 0.0)");
    s = new MethodSettings();
    s.setForgetLoss("descent");
    assertThat(problems(spec("neggrad-plus", s))).containsExactly(
        "spec.methodSettings.forgetLoss: must be one of [ascent, unlikelihood] (got 'descent')");
    s = new MethodSettings();
    s.setRepairSampleFraction(1.5);
    assertThat(problems(spec("heldout-match", s))).containsExactly(
        "spec.methodSettings.repairSampleFraction: must be >= 0 and <= 1 (got 1.5)");
    s = new MethodSettings();
    s.setForgetBatchSize(0);
    assertThat(problems(spec("random-labels", s))).containsExactly(
        "spec.methodSettings.forgetBatchSize: must be >= 1 (got 0)");
  }

  @Test
  void aSettingOfAnotherMethodIsRefused() {
    MethodSettings s = new MethodSettings();
    s.setRetainWeight(0.9);
    assertThat(problems(spec("salun", s))).containsExactly(
        "spec.methodSettings.retainWeight: applies to neggrad-plus and heldout-match only, not to spec.method salun");
    s = new MethodSettings();
    s.setSaliencyFraction(0.5);
    assertThat(problems(spec("finetune", s))).containsExactly(
        "spec.methodSettings.saliencyFraction: applies to confuse-finetune and salun only, not to spec.method finetune");
    s = new MethodSettings();
    s.setForgetLoss("unlikelihood");
    assertThat(problems(spec("salun", s))).containsExactly(
        "spec.methodSettings.forgetLoss: applies to neggrad-plus only, not to spec.method salun");
    s = new MethodSettings();
    s.setForgetBatchSize(8);
    assertThat(problems(spec(null, s))).containsExactly("spec.methodSettings.forgetBatchSize: applies to "
        + "neggrad-plus and heldout-match and random-labels and salun only, not to spec.method confuse-finetune");
    s = new MethodSettings();
    s.setRepairSampleFraction(0.3);
    assertThat(problems(spec("neggrad-plus", s))).containsExactly("spec.methodSettings.repairSampleFraction: "
        + "applies to heldout-match only, not to spec.method neggrad-plus");
    s = new MethodSettings();
    s.setFixedTargets(true);
    assertThat(problems(spec("salun", s))).containsExactly(
        "spec.methodSettings.fixedTargets: applies to heldout-match only, not to spec.method salun");
    assertThat(problems(spec("heldout-match", s))).isEmpty();
    s = new MethodSettings();
    s.setMatchBelow(0.0);
    s.setRetainAnchor(0.5);
    s.setRetainReplay(16);
    s.setFrozenFeatures(true);
    assertThat(problems(spec("neggrad-plus", s))).containsExactly(
        "spec.methodSettings.matchBelow: applies to heldout-match only, not to spec.method neggrad-plus",
        "spec.methodSettings.retainAnchor: applies to heldout-match and reinit-finetune only, not to spec.method"
            + " neggrad-plus",
        "spec.methodSettings.retainReplay: applies to heldout-match only, not to spec.method neggrad-plus",
        "spec.methodSettings.frozenFeatures: applies to heldout-match only, not to spec.method neggrad-plus");
    assertThat(problems(spec("heldout-match", s))).containsExactly("spec.methodSettings.matchBelow: needs "
        + "spec.methodSettings.fixedTargets: true (the targets are known before training only then)");
    s.setFixedTargets(true);
    assertThat(problems(spec("heldout-match", s))).isEmpty();
    s.setRetainReplay(32);
    assertThat(problems(spec("heldout-match", s))).containsExactly("spec.methodSettings.retainReplay: must be less "
        + "than spec.batchSize (32), got 32; a step needs fresh retain samples");
    s = new MethodSettings();
    s.setReinitLayerFraction(0.5);
    s.setReinitCycles(2);
    s.setRetainAnchor(0.5);
    assertThat(problems(spec("confuse-finetune", s))).containsExactly(
        "spec.methodSettings.retainAnchor: applies to heldout-match and reinit-finetune only, not to spec.method"
            + " confuse-finetune",
        "spec.methodSettings.reinitLayerFraction: applies to reinit-finetune only, not to spec.method"
            + " confuse-finetune",
        "spec.methodSettings.reinitCycles: applies to reinit-finetune only, not to spec.method confuse-finetune");
    assertThat(problems(spec("reinit-finetune", s))).isEmpty();
    s = new MethodSettings();
    s.setHeldOutFraction(0.3);
    assertThat(problems(spec("neggrad-plus", s))).containsExactly("spec.methodSettings.heldOutFraction: applies to "
        + "heldout-match, or with spec.methodSettings.stopAtHeldOutAccuracy: true, only; spec.method neggrad-plus "
        + "reads no held-out data");
    assertThat(problems(spec("heldout-match", s))).isEmpty();
    s.setStopAtHeldOutAccuracy(true);
    assertThat(problems(spec("neggrad-plus", s))).isEmpty();
    s = new MethodSettings();
    s.setForgetLoss("unlikelihood");
    assertThat(problems(spec("heldout-match", s))).containsExactly(
        "spec.methodSettings.forgetLoss: applies to neggrad-plus only, not to spec.method heldout-match");
    UnlearningRequestSpec noisy = spec("neggrad-plus", null);
    noisy.setNoiseStd(0.3);
    noisy.setClassWeights(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0));
    assertThat(problems(noisy)).containsExactly(
        "spec.noiseStd: applies to confuse-finetune only, not to spec.method neggrad-plus",
        "spec.classWeights: applies to confuse-finetune only, not to spec.method neggrad-plus");
  }

  @Test
  void stopCriterionAppliesToEveryMethod() {
    MethodSettings s = new MethodSettings();
    s.setStopAtHeldOutAccuracy(true);
    for (String m : MethodSettings.METHODS) {
      assertThat(problems(spec(m, s))).as(m).isEmpty();
    }
  }

  @Test
  void readsFromYamlShapedJson() throws Exception {
    UnlearningRequestSpec spec = new ObjectMapper().readValue("{\"method\":\"salun\",\"methodSettings\":"
        + "{\"saliencyFraction\":0.3,\"forgetBatchSize\":16,\"stopAtHeldOutAccuracy\":true}}",
        UnlearningRequestSpec.class);
    assertThat(spec.effectiveMethod()).isEqualTo("salun");
    assertThat(spec.effectiveMethodSettings().effectiveSaliencyFraction("salun")).isEqualTo(0.3);
    assertThat(spec.getMethodSettings().getForgetBatchSize()).isEqualTo(16);
    assertThat(spec.effectiveMethodSettings().effectiveStopAtHeldOutAccuracy()).isTrue();
  }
}
