package dev.unlearning.api;

import static dev.unlearning.api.SpecRuleTable.crd;
import static dev.unlearning.api.SpecRuleTable.validator;

import java.util.List;

/** SpecRuleTable's rows for spec.methodSettings: the CRD's ranges and enums, then SpecValidator's cross-field rules. */
final class MethodSettingRules {

  private MethodSettingRules() {}

  static void add(List<SpecRuleTable.Row> rows) {
    crd(rows, ".spec.methodSettings.forgetBatchSize minimum", "spec.methodSettings.forgetBatchSize",
        "{method: salun, methodSettings: {forgetBatchSize: 0}}");
    crd(rows, ".spec.methodSettings.forgetLoss enum", "spec.methodSettings.forgetLoss",
        "{method: neggrad-plus, methodSettings: {forgetLoss: descent}}");
    crd(rows, ".spec.methodSettings.heldOutFraction minimum", "spec.methodSettings.heldOutFraction",
        "{method: heldout-match, methodSettings: {heldOutFraction: -0.1}}");
    crd(rows, ".spec.methodSettings.heldOutFraction exclusiveMinimum", "spec.methodSettings.heldOutFraction",
        "{method: heldout-match, methodSettings: {heldOutFraction: 0}}");
    crd(rows, ".spec.methodSettings.heldOutFraction maximum", "spec.methodSettings.heldOutFraction",
        "{method: heldout-match, methodSettings: {heldOutFraction: 0.6}}");
    crd(rows, ".spec.methodSettings.retainAnchor minimum", "spec.methodSettings.retainAnchor",
        "{method: heldout-match, methodSettings: {retainAnchor: -1}}");
    crd(rows, ".spec.methodSettings.retainReplay minimum", "spec.methodSettings.retainReplay",
        "{method: heldout-match, methodSettings: {retainReplay: -1}}");
    crd(rows, ".spec.methodSettings.repairSampleFraction minimum", "spec.methodSettings.repairSampleFraction",
        "{method: heldout-match, methodSettings: {repairSampleFraction: -0.5}}");
    crd(rows, ".spec.methodSettings.repairSampleFraction maximum", "spec.methodSettings.repairSampleFraction",
        "{method: heldout-match, methodSettings: {repairSampleFraction: 1.5}}");
    crd(rows, ".spec.methodSettings.retainWeight minimum", "spec.methodSettings.retainWeight",
        "{method: neggrad-plus, methodSettings: {retainWeight: -0.5}}");
    crd(rows, ".spec.methodSettings.retainWeight exclusiveMinimum", "spec.methodSettings.retainWeight",
        "{method: neggrad-plus, methodSettings: {retainWeight: 0}}");
    crd(rows, ".spec.methodSettings.retainWeight maximum", "spec.methodSettings.retainWeight",
        "{method: neggrad-plus, methodSettings: {retainWeight: 1.5}}");
    crd(rows, ".spec.methodSettings.retainWeight exclusiveMaximum", "spec.methodSettings.retainWeight",
        "{method: neggrad-plus, methodSettings: {retainWeight: 1}}");
    crd(rows, ".spec.methodSettings.saliencyFraction minimum", "spec.methodSettings.saliencyFraction",
        "{method: salun, methodSettings: {saliencyFraction: -0.5}}");
    crd(rows, ".spec.methodSettings.saliencyFraction exclusiveMinimum", "spec.methodSettings.saliencyFraction",
        "{method: salun, methodSettings: {saliencyFraction: 0}}");
    crd(rows, ".spec.methodSettings.saliencyFraction maximum", "spec.methodSettings.saliencyFraction",
        "{method: salun, methodSettings: {saliencyFraction: 1.5}}");
    String torchScript = "model: {uri: /m.pt}, method: heldout-match, ";
    crd(rows, ".spec.methodSettings rule trainedLayers needs frozenFeatures: true", "spec.methodSettings.trainedLayers",
        "{" + torchScript + "methodSettings: {trainedLayers: [fc]}}");
    for (String field : List.of("trainedLayers", "confuseLayers")) {
      String settings = field.equals("trainedLayers") ? "{" + torchScript + "methodSettings: {frozenFeatures: true, "
          : "{methodSettings: {confuseScope: named, ";
      crd(rows, ".spec.methodSettings." + field + " minItems", "spec.methodSettings." + field,
          settings + field + ": []}}");
      crd(rows, ".spec.methodSettings." + field + " maxItems", "spec.methodSettings." + field,
          settings + field + ": " + SpecRuleTable.list(257, i -> "l" + i) + "}}");
    }
    crd(rows, ".spec.methodSettings rule confuseLayers is given exactly when confuseScope is named",
        "spec.methodSettings.confuseLayers", "methodSettings: {confuseScope: named}");
    crd(rows, ".spec.methodSettings.confuseScope enum", "spec.methodSettings.confuseScope",
        "methodSettings: {confuseScope: convolutions}");
    crd(rows, ".spec.methodSettings.lastEpochNoiseStd minimum", "spec.methodSettings.lastEpochNoiseStd",
        "methodSettings: {lastEpochNoiseStd: -0.005}");
    crd(rows, ".spec.methodSettings.reinitLayerFraction minimum", "spec.methodSettings.reinitLayerFraction",
        "{method: reinit-finetune, methodSettings: {reinitLayerFraction: -0.5}}");
    crd(rows, ".spec.methodSettings.reinitLayerFraction exclusiveMinimum", "spec.methodSettings.reinitLayerFraction",
        "{method: reinit-finetune, methodSettings: {reinitLayerFraction: 0}}");
    crd(rows, ".spec.methodSettings.reinitLayerFraction maximum", "spec.methodSettings.reinitLayerFraction",
        "{method: reinit-finetune, methodSettings: {reinitLayerFraction: 1.5}}");
    crd(rows, ".spec.methodSettings.reinitCycles minimum", "spec.methodSettings.reinitCycles",
        "{method: reinit-finetune, methodSettings: {reinitCycles: 0}}");
    crd(rows, ".spec.methodSettings.reinitCycles maximum", "spec.methodSettings.reinitCycles",
        "{method: reinit-finetune, methodSettings: {reinitCycles: 11}}");
    // What the schema cannot say: the settings a method does not use, and the pairs of settings
    validator(rows, "saliencyFraction is confuse-finetune's and salun's", "spec.methodSettings.saliencyFraction",
        "{method: neggrad-plus, methodSettings: {saliencyFraction: 0.5}}");
    validator(rows, "retainWeight is neggrad-plus's and heldout-match's", "spec.methodSettings.retainWeight",
        "{method: salun, methodSettings: {retainWeight: 0.5}}");
    validator(rows, "forgetLoss is neggrad-plus's", "spec.methodSettings.forgetLoss",
        "{method: salun, methodSettings: {forgetLoss: ascent}}");
    validator(rows, "repairSampleFraction is heldout-match's", "spec.methodSettings.repairSampleFraction",
        "{method: neggrad-plus, methodSettings: {repairSampleFraction: 0.3}}");
    validator(rows, "heldOutFraction is for methods that read held-out data", "spec.methodSettings.heldOutFraction",
        "{method: finetune, methodSettings: {heldOutFraction: 0.3}}");
    validator(rows, "matchBelow is heldout-match's", "spec.methodSettings.matchBelow",
        "{method: salun, methodSettings: {matchBelow: 0}}");
    validator(rows, "matchBelow needs fixedTargets", "spec.methodSettings.matchBelow",
        "{method: heldout-match, methodSettings: {matchBelow: 0}}");
    validator(rows, "retainAnchor is heldout-match's and reinit-finetune's", "spec.methodSettings.retainAnchor",
        "{method: finetune, methodSettings: {retainAnchor: 0.5}}");
    validator(rows, "reinitLayerFraction is reinit-finetune's", "spec.methodSettings.reinitLayerFraction",
        "{method: finetune, methodSettings: {reinitLayerFraction: 0.5}}");
    validator(rows, "reinitCycles is reinit-finetune's", "spec.methodSettings.reinitCycles",
        "{method: salun, methodSettings: {reinitCycles: 2}}");
    validator(rows, "retainReplay is heldout-match's", "spec.methodSettings.retainReplay",
        "{method: finetune, methodSettings: {retainReplay: 8}}");
    validator(rows, "retainReplay below batchSize", "spec.methodSettings.retainReplay",
        "{method: heldout-match, batchSize: 32, methodSettings: {retainReplay: 32}}");
    validator(rows, "frozenFeatures is heldout-match's", "spec.methodSettings.frozenFeatures",
        "{method: neggrad-plus, methodSettings: {frozenFeatures: true}}");
    validator(rows, "trainedLayers is heldout-match's", "spec.methodSettings.trainedLayers",
        "{model: {uri: /m.pt}, method: salun, methodSettings: {frozenFeatures: true, trainedLayers: [fc]}}");
    validator(rows, "confuseScope is confuse-finetune's", "spec.methodSettings.confuseScope",
        "{method: finetune, methodSettings: {confuseScope: stem}}");
    validator(rows, "lastEpochNoiseStd is confuse-finetune's", "spec.methodSettings.lastEpochNoiseStd",
        "{method: finetune, methodSettings: {lastEpochNoiseStd: 0.005}}");
    validator(rows, "fixedTargets is heldout-match's", "spec.methodSettings.fixedTargets",
        "{method: salun, methodSettings: {fixedTargets: true}}");
    validator(rows, "forgetBatchSize is not confuse-finetune's", "spec.methodSettings.forgetBatchSize",
        "methodSettings: {forgetBatchSize: 8}");
  }
}
