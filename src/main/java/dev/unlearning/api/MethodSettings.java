package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Settings of the unlearning methods beyond the shared fine-tuning ones (epochs, batchSize, learningRate, momentum,
 * weightDecay, retainSampleFraction). Each field names the methods it applies to; setting one for another method is
 * refused, so a typo cannot silently do nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.trainedLayers) || (has(self.frozenFeatures) && self.frozenFeatures)",
    message = "trainedLayers needs frozenFeatures: true", fieldPath = ".trainedLayers")
@ValidationRule(value = "has(self.confuseScope) && self.confuseScope == 'named' ? has(self.confuseLayers)"
    + " : !has(self.confuseLayers)", message = "confuseLayers is given exactly when confuseScope is named",
    fieldPath = ".confuseLayers")
public class MethodSettings {

  public static final String CONFUSE_FINETUNE = "confuse-finetune";
  public static final String FINETUNE = "finetune";
  public static final String NEGGRAD_PLUS = "neggrad-plus";
  public static final String RANDOM_LABELS = "random-labels";
  public static final String SALUN = "salun";
  public static final String HELDOUT_MATCH = "heldout-match";
  public static final String REINIT_FINETUNE = "reinit-finetune";
  public static final List<String> METHODS = List.of(CONFUSE_FINETUNE, FINETUNE, NEGGRAD_PLUS, RANDOM_LABELS, SALUN,
      HELDOUT_MATCH, REINIT_FINETUNE);

  public static final String ASCENT = "ascent";
  public static final String UNLIKELIHOOD = "unlikelihood";
  public static final List<String> FORGET_LOSSES = List.of(ASCENT, UNLIKELIHOOD);

  public static final String FROZEN_FEATURES_FIELD = "spec.methodSettings.frozenFeatures";
  public static final String TRAINED_LAYERS_FIELD = "spec.methodSettings.trainedLayers";
  public static final String CONFUSE_LAYERS_FIELD = "spec.methodSettings.confuseLayers";

  /** Which convolutions confuse-finetune's noise goes on. */
  public static final String CONFUSE_ALL = "all";
  public static final String CONFUSE_STEM = "stem";
  public static final String CONFUSE_NAMED = "named";
  public static final List<String> CONFUSE_SCOPES = List.of(CONFUSE_ALL, CONFUSE_STEM, CONFUSE_NAMED);

  public static final double DEFAULT_SALUN_SALIENCY_FRACTION = 0.5;
  public static final double DEFAULT_RETAIN_WEIGHT = 0.99;
  public static final double DEFAULT_HELDOUT_MATCH_RETAIN_WEIGHT = 0.85;
  public static final double DEFAULT_HELD_OUT_FRACTION = 0.2;
  public static final double DEFAULT_REINIT_LAYER_FRACTION = 0.3;
  public static final int DEFAULT_REINIT_CYCLES = 3;

  @JsonPropertyDescription("confuse-finetune and salun: share of the weights, 0 < f <= 1, with the largest gradient of the forget-set loss that the method changes (a saliency mask, as in SalUn). confuse-finetune: only that share of the convolution weights and biases gets the noise; default 1 (every one, the seed's method). salun: only that share of all parameters is trained; default 0.5.")
  @Min(value = 0, inclusive = false)
  @Max(1)
  private Double saliencyFraction;

  @JsonPropertyDescription("neggrad-plus and heldout-match: weight a of the retain loss in a * loss(retain) - (1 - a) * loss(forget) (heldout-match: + (1 - a) * match(forget)), 0 < a < 1. Default 0.99 for neggrad-plus, 0.85 for heldout-match (chosen on the 10k tuning protocol, docs/benchmarks.md section 5).")
  @Min(value = 0, inclusive = false)
  @Max(value = 1, inclusive = false)
  private Double retainWeight;

  @JsonPropertyDescription("neggrad-plus: the forget term. ascent (default, NegGrad+): maximise the cross-entropy of the forget samples, a * loss(retain) - (1 - a) * CE(forget). unlikelihood: minimise a * loss(retain) + (1 - a) * -log(1 - p_true(forget)), which lowers the true class's probability too but, unlike the cross-entropy, keeps a gradient on samples the model memorised with near-certainty.")
  private String forgetLoss;

  @JsonPropertyDescription("neggrad-plus, heldout-match, random-labels and salun: forget samples in each training step, next to spec.batchSize retain samples; the forget set is cycled through in a fresh seeded order. Default: spec.batchSize for neggrad-plus and heldout-match; for random-labels and salun the forget set's share of the training set (each forget sample about once per epoch, at least 1).")
  @Min(1)
  private Integer forgetBatchSize;

  @JsonPropertyDescription("heldout-match: after the matching, fine-tune on this share of the retain set, 0 <= f <= 1, with cross-entropy on retain samples only and the same SGD (the repair steps that end SCRUB): it brings back what the matching cost the retain set, while the forget samples, no longer memorised, come back only as far as unseen samples do. Default 0 (no repair).")
  @Min(0)
  @Max(1)
  private Double repairSampleFraction;

  @JsonPropertyDescription("heldout-match: true ranks the forget samples once, before training, by the original's confidence on them, and gives each the held-out quantile of its rank in the whole forget set as a fixed target (one more inference pass, over the forget set); false (default) ranks them within each training batch.")
  private Boolean fixedTargets;

  @JsonPropertyDescription("Every method: stop training as soon as the forget-set accuracy reaches the held-out accuracy (the original model's accuracy on the held-out part of the test set, heldOutFraction, which a model that never saw the forget set would score on it), checked 10 times per epoch on up to 1024 forget samples; spec.epochs is then the most it trains. Default false (train spec.epochs).")
  private Boolean stopAtHeldOutAccuracy;

  @JsonPropertyDescription("heldout-match with fixedTargets: pull only the forget samples whose target, the held-out confidence s = log(p_true / (1 - p_true)) of their rank, is below this value, and leave the others (the ones a model that never saw them still gets confidently right) as they are, so every forget step goes to the samples that decide the forget accuracy and the MIA score. s 0 is p_true 0.5 (the held-out errors), 6 is p_true 0.9975. Default: every forget sample is pulled.")
  private Double matchBelow;

  @JsonPropertyDescription("heldout-match and reinit-finetune: weight of a function-space anchor on the retain set, added to the loss: the mean squared difference between the model's logits and the original's on each step's retain samples (the original's logits measured once, before training, on the retain samples the method trains on: one inference pass over them). The cross-entropy of a memorised retain sample has almost no gradient until the sample is misclassified; the anchor resists the drift from the first step. In reinit-finetune it distils the original's retain-set outputs into the repaired network; with SGD on a freshly re-initialised ResNet a weight of 1 or more can make it diverge or collapse (tested: lr 0.01 with weight 4 diverged, lr 0.02 with weight 1 fell to chance). Default 0 (no anchor).")
  @Min(0)
  private Double retainAnchor;

  @JsonPropertyDescription("heldout-match: up to this many of each step's spec.batchSize retain rows are retain samples trained on earlier whose cross-entropy was then above 0.1 (the forget steps had damaged them), trained on again; the rest are fresh samples. The number of steps stays the same, so fewer fresh retain samples are seen. Less than spec.batchSize. Default 0 (no replay).")
  @Min(0)
  private Integer retainReplay;

  @JsonPropertyDescription("heldout-match: true trains only the fully connected layers at the end of the network (the small CNN's two dense layers; a ResNet's final classifier: on a TorchScript model every layer from the one owning the first 2-D weight on, in the module's registration order) and keeps every layer before them, convolutions and batch norms with their running statistics, as the original's, run in evaluation mode: frozen parameters get no gradient and stay bit for bit, frozen batch norms normalise with their running statistics and leave them unchanged. The forget steps then cannot move the features that retain and test images share, and no step back-propagates through the convolutions. trainedLayers chooses other layers of a TorchScript model. Default false (every layer trains, batch norms in training mode).")
  private Boolean frozenFeatures;

  @JsonPropertyDescription("heldout-match with frozenFeatures: true, TorchScript models (spec.model.uri) only: the layers that train, by module name (the names of the module's named_parameters without the last part, e.g. layer4 or layer4.1.conv2 or fc); every other layer is frozen and runs in evaluation mode. An entry matches a layer whose first dot-separated parts it matches, each part a glob where * is any characters: layer4 matches layer4.1.conv2, layer*.1 the second block of every stage. A module runs in training mode when it is a trained layer, is inside one or contains one (as model.train(); frozen.eval() in PyTorch). A list that matches no parameter, or every one, is refused. Default: every layer from the first fully connected one on.")
  @Size(min = 1, max = 256)
  private List<String> trainedLayers;

  @JsonPropertyDescription("confuse-finetune: which convolutions get the noise. all (default, the seed's method): every convolution weight and bias. stem: the first convolution only (in registration order, e.g. a ResNet's conv1), as the challenge entry that scored the method did. named: the convolutions of the layers in confuseLayers.")
  private String confuseScope;

  @JsonPropertyDescription("confuse-finetune with confuseScope: named: the layers whose convolutions get the noise, by name as in trainedLayers (e.g. conv1, layer1.0); a list that matches no convolution is refused.")
  @Size(min = 1, max = 256)
  private List<String> confuseLayers;

  @JsonPropertyDescription("confuse-finetune: standard deviation of a second Gaussian noise on the same convolutions, added before the last fine-tuning epoch (the challenge entry used 0.005). Default 0 (none).")
  @Min(0)
  private Double lastEpochNoiseStd;

  @JsonPropertyDescription("reinit-finetune: share of the network's spatial convolutions (kernels larger than 1x1: not a projection shortcut, not a fully connected layer) re-initialised in the last forget-remember cycle, 0 < f <= 1; cycle c of n re-initialises a share c/n of it, whole layers drawn at random with spec.seed. Default 0.3.")
  @Min(value = 0, inclusive = false)
  @Max(1)
  private Double reinitLayerFraction;

  @JsonPropertyDescription("reinit-finetune: forget-remember cycles, 1 to 10: each re-initialises its share of the layers, then fine-tunes the model on the retain set for spec.epochs epochs of spec.retainSampleFraction (cross-entropy, plus retainAnchor x the distance to the original's logits if set). Default 3.")
  @Min(1)
  @Max(10)
  private Integer reinitCycles;

  @JsonPropertyDescription("heldout-match, and any method with stopAtHeldOutAccuracy: the share of the test set, 0 < f <= 0.5, drawn with spec.seed, that the method reads as unseen data (heldout-match's target, the held-out stop's accuracy). The test accuracy and the MIA score are then measured on the rest of the test set only, so no criterion reads an image the result is judged on. Default 0.2.")
  @Min(value = 0, inclusive = false)
  @Max(0.5)
  private Double heldOutFraction;

  public Double getSaliencyFraction() { return saliencyFraction; }
  public void setSaliencyFraction(Double saliencyFraction) { this.saliencyFraction = saliencyFraction; }
  public Double getRetainWeight() { return retainWeight; }
  public void setRetainWeight(Double retainWeight) { this.retainWeight = retainWeight; }
  public Integer getForgetBatchSize() { return forgetBatchSize; }
  public void setForgetBatchSize(Integer forgetBatchSize) { this.forgetBatchSize = forgetBatchSize; }
  public String getForgetLoss() { return forgetLoss; }
  public void setForgetLoss(String forgetLoss) { this.forgetLoss = forgetLoss; }
  public Double getRepairSampleFraction() { return repairSampleFraction; }
  public void setRepairSampleFraction(Double repairSampleFraction) { this.repairSampleFraction = repairSampleFraction; }
  public double effectiveRepairSampleFraction() { return repairSampleFraction != null ? repairSampleFraction : 0; }
  public Boolean getFixedTargets() { return fixedTargets; }
  public void setFixedTargets(Boolean fixedTargets) { this.fixedTargets = fixedTargets; }
  public boolean effectiveFixedTargets() { return Boolean.TRUE.equals(fixedTargets); }
  public Boolean getStopAtHeldOutAccuracy() { return stopAtHeldOutAccuracy; }
  public void setStopAtHeldOutAccuracy(Boolean stopAtHeldOutAccuracy) { this.stopAtHeldOutAccuracy = stopAtHeldOutAccuracy; }

  public boolean effectiveStopAtHeldOutAccuracy() { return Boolean.TRUE.equals(stopAtHeldOutAccuracy); }
  public Double getMatchBelow() { return matchBelow; }
  public void setMatchBelow(Double matchBelow) { this.matchBelow = matchBelow; }
  public Double getRetainAnchor() { return retainAnchor; }
  public void setRetainAnchor(Double retainAnchor) { this.retainAnchor = retainAnchor; }
  public double effectiveRetainAnchor() { return retainAnchor != null ? retainAnchor : 0; }

  public Double getReinitLayerFraction() { return reinitLayerFraction; }
  public void setReinitLayerFraction(Double reinitLayerFraction) { this.reinitLayerFraction = reinitLayerFraction; }
  public double effectiveReinitLayerFraction() {
    return reinitLayerFraction != null ? reinitLayerFraction : DEFAULT_REINIT_LAYER_FRACTION;
  }
  public Integer getReinitCycles() { return reinitCycles; }
  public void setReinitCycles(Integer reinitCycles) { this.reinitCycles = reinitCycles; }
  public int effectiveReinitCycles() { return reinitCycles != null ? reinitCycles : DEFAULT_REINIT_CYCLES; }
  public Integer getRetainReplay() { return retainReplay; }
  public void setRetainReplay(Integer retainReplay) { this.retainReplay = retainReplay; }
  public int effectiveRetainReplay() { return retainReplay != null ? retainReplay : 0; }
  public Boolean getFrozenFeatures() { return frozenFeatures; }
  public void setFrozenFeatures(Boolean frozenFeatures) { this.frozenFeatures = frozenFeatures; }
  public boolean effectiveFrozenFeatures() { return Boolean.TRUE.equals(frozenFeatures); }
  public List<String> getTrainedLayers() { return trainedLayers; }
  public void setTrainedLayers(List<String> trainedLayers) { this.trainedLayers = trainedLayers; }
  public String getConfuseScope() { return confuseScope; }
  public void setConfuseScope(String confuseScope) { this.confuseScope = confuseScope; }
  public String effectiveConfuseScope() { return confuseScope != null ? confuseScope : CONFUSE_ALL; }
  public List<String> getConfuseLayers() { return confuseLayers; }
  public void setConfuseLayers(List<String> confuseLayers) { this.confuseLayers = confuseLayers; }
  public Double getLastEpochNoiseStd() { return lastEpochNoiseStd; }
  public void setLastEpochNoiseStd(Double lastEpochNoiseStd) { this.lastEpochNoiseStd = lastEpochNoiseStd; }
  public double effectiveLastEpochNoiseStd() { return lastEpochNoiseStd != null ? lastEpochNoiseStd : 0; }
  public Double getHeldOutFraction() { return heldOutFraction; }
  public void setHeldOutFraction(Double heldOutFraction) { this.heldOutFraction = heldOutFraction; }
  public double effectiveHeldOutFraction() {
    return heldOutFraction != null ? heldOutFraction : DEFAULT_HELD_OUT_FRACTION;
  }

  /** Whether {@code method} with these settings reads held-out data: heldout-match, or the held-out stop. */
  public boolean readsHeldOut(String method) {
    return HELDOUT_MATCH.equals(method) || effectiveStopAtHeldOutAccuracy();
  }
  public String effectiveForgetLoss() { return forgetLoss != null ? forgetLoss : ASCENT; }
  public double effectiveRetainWeight() { return retainWeight != null ? retainWeight : DEFAULT_RETAIN_WEIGHT; }

  /** The retain weight for {@code method}: the given one, else its default. */
  public double effectiveRetainWeight(String method) {
    return retainWeight == null && HELDOUT_MATCH.equals(method) ? DEFAULT_HELDOUT_MATCH_RETAIN_WEIGHT
        : effectiveRetainWeight();
  }

  /** The saliency fraction for {@code method}: the given one, else 0.5 for salun and 1 (no mask) otherwise. */
  public double effectiveSaliencyFraction(String method) {
    if (saliencyFraction != null) {
      return saliencyFraction;
    }
    return SALUN.equals(method) ? DEFAULT_SALUN_SALIENCY_FRACTION : 1.0;
  }
}
