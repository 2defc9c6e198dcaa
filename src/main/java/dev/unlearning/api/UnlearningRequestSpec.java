package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What to unlearn and how. Defaults follow the original confuse-and-fine-tune experiment
 * (noise 0.6, class weights 1 / 0.5, 5 epochs of SGD with momentum 0.9 and weight decay 5e-4).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.methodSettings) || !has(self.methodSettings.trainedLayers)"
    + " || (has(self.model) && has(self.model.uri))",
    message = "methodSettings.trainedLayers names layers of a TorchScript model (model.uri); a built-in network"
        + " trains from its first fully connected layer on", fieldPath = ".methodSettings.trainedLayers")
@ValidationRule(value = "!has(self.acceptance) || !(" + AcceptanceSpec.GAP_THRESHOLDS + ")"
    + " || (has(self.reference) && ((has(self.reference.retrain) && self.reference.retrain)"
    + " || (has(self.reference.model) && has(self.reference.model.uri))))",
    message = "the gap thresholds of acceptance compare with a reference model: they need reference.retrain: true"
        + " or reference.model.uri",
    fieldPath = ".acceptance")
@ValidationRule(value = ClassCountRules.WEIGHTS, message = ClassCountRules.WEIGHTS_MESSAGE, fieldPath = ".classWeights")
@ValidationRule(value = ClassCountRules.CLASSES, message = ClassCountRules.CLASSES_MESSAGE, fieldPath = ".forget.classes")
public class UnlearningRequestSpec {

  public static final double DEFAULT_NOISE_STD = 0.6;
  public static final int DEFAULT_EPOCHS = 5;
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final double DEFAULT_LEARNING_RATE = 0.01;
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final double DEFAULT_WEIGHT_DECAY = 5e-4;
  public static final long DEFAULT_SEED = 42L;

  @JsonPropertyDescription("The trained classifier to unlearn: a TorchScript file, or a built-in architecture that the worker first trains itself.")
  @Required
  private ModelSpec model;

  @JsonPropertyDescription("The training and test data the model was trained and is evaluated on.")
  @Required
  private DatasetSpec dataset;

  @JsonPropertyDescription("Which training samples to forget: exactly one of fraction (with seed), classes or indicesFile.")
  @Required
  private ForgetSpec forget;

  @JsonPropertyDescription("Standard deviation of the Gaussian noise added to every convolution weight and bias to 'confuse' the model. Default 0.6; 0 skips the confusion step.")
  @Min(0)
  private Double noiseStd;

  @JsonPropertyDescription("Per-class weights of the fine-tuning cross-entropy, one per class, each >= 0. Default: 1.0 for class 0 and 0.5 for every other class.")
  @Size(min = 1, max = 10000)
  @ValidationRule(value = "self.all(w, w >= 0.0)", message = "every class weight must be >= 0")
  private List<Double> classWeights;

  @JsonPropertyDescription("Fine-tuning epochs on the retain set. Default 5.")
  @Min(1)
  private Integer epochs;

  @JsonPropertyDescription("Mini-batch size for fine-tuning and evaluation. Default 128.")
  @Min(1)
  private Integer batchSize;

  @JsonPropertyDescription("SGD learning rate of the fine-tuning. Default 0.01.")
  @Min(value = 0, inclusive = false)
  private Double learningRate;

  @JsonPropertyDescription("SGD momentum of the fine-tuning. Default 0.9.")
  @Min(0)
  @Max(value = 1, inclusive = false)
  private Double momentum;

  @JsonPropertyDescription("L2 weight decay of the fine-tuning. Default 5e-4.")
  @Min(0)
  private Double weightDecay;

  @JsonPropertyDescription("Seed of the noise, the shuffling and the initialisation of built-in architectures. Default 42.")
  private Long seed;

  @JsonPropertyDescription("Where the unlearned model, result.json and forget-indices.txt are written.")
  @Required
  private OutputSpec output;

  @JsonPropertyDescription("Optional reference to compare the unlearned model with: retrained from scratch on the retain set (retrain), or the user's own retrained model (model). Its accuracies give the gaps and the Avg Gap.")
  private ReferenceSpec reference;

  @JsonPropertyDescription("How the Kubernetes Job that runs the worker is scheduled: image, GPUs, resources, node placement, queue and failure policy. Ignored by local runs.")
  private JobSettings job;

  @JsonPropertyDescription("Share of the retain set each fine-tuning epoch trains on, 0 < f <= 1: every epoch draws a fresh seeded random subset of ceil(f * retain size) samples. Default 1 (the whole retain set). Lower values make unlearning cheaper, e.g. to stay a small fraction of the cost of retraining on large data sets.")
  @Min(value = 0, inclusive = false)
  @Max(1)
  private Double retainSampleFraction;

  @JsonPropertyDescription("Unlearning method: confuse-finetune (default: noise on the convolutions, then class-weighted fine-tuning on the retain set), finetune (fine-tuning on the retain set only), neggrad-plus (gradient ascent on the forget set with descent on the retain set), random-labels (training on the forget set with random wrong labels next to the retain set), salun (random-labels restricted to the weights most salient to the forget set), heldout-match (descent on the retain set while the forget samples' confidences are pulled onto their distribution on held-out data, the test set) or reinit-finetune (re-initialise randomly chosen convolution layers, then fine-tune on the retain set, optionally distilling towards the original, in forget-remember cycles; it never reads the forget set). spec.noiseStd and spec.classWeights apply to confuse-finetune only; epochs, batchSize, learningRate, momentum, weightDecay and retainSampleFraction to every method.")
  private String method;

  @JsonPropertyDescription("Settings of the chosen method beyond the shared fine-tuning ones.")
  private MethodSettings methodSettings;

  @JsonPropertyDescription("Suspend the run: true stops the worker's pods and keeps the Job (phase Suspended); false resumes it, and the worker starts over. The only field that may change after creation.")
  private Boolean suspend;

  @JsonPropertyDescription("The acceptance gate: thresholds the unlearned model must meet (forget accuracy above test accuracy, MIA distance from 0.5, retain accuracy drop, and the gaps to a retrained reference). A run that misses one fails with reason AcceptanceNotMet (exit code 4) and its model is not published: it is kept at <output.uri>.rejected for inspection. Default: no gate.")
  private AcceptanceSpec acceptance;

  @JsonPropertyDescription("Keys of the evidence record, evidence.intoto.jsonl, written with every result: an in-toto Statement of what ran on which inputs and what it measured, signed when signingKey is set, with the forget set digested under forgetKey.")
  private EvidenceSpec evidence;

  public AcceptanceSpec getAcceptance() { return acceptance; }
  public void setAcceptance(AcceptanceSpec acceptance) { this.acceptance = acceptance; }
  public EvidenceSpec getEvidence() { return evidence; }
  public void setEvidence(EvidenceSpec evidence) { this.evidence = evidence; }

  public Boolean getSuspend() { return suspend; }
  public void setSuspend(Boolean suspend) { this.suspend = suspend; }

  @JsonPropertyDescription("Credentials for s3:// and https:// locations: a Secret whose keys become the worker's environment.")
  private StorageSpec storage;

  public ModelSpec getModel() { return model; }
  public void setModel(ModelSpec model) { this.model = model; }
  public DatasetSpec getDataset() { return dataset; }
  public void setDataset(DatasetSpec dataset) { this.dataset = dataset; }
  public ForgetSpec getForget() { return forget; }
  public void setForget(ForgetSpec forget) { this.forget = forget; }
  public Double getNoiseStd() { return noiseStd; }
  public void setNoiseStd(Double noiseStd) { this.noiseStd = noiseStd; }
  public List<Double> getClassWeights() { return classWeights; }
  public void setClassWeights(List<Double> classWeights) { this.classWeights = classWeights; }
  public Integer getEpochs() { return epochs; }
  public void setEpochs(Integer epochs) { this.epochs = epochs; }
  public Integer getBatchSize() { return batchSize; }
  public void setBatchSize(Integer batchSize) { this.batchSize = batchSize; }
  public Double getLearningRate() { return learningRate; }
  public void setLearningRate(Double learningRate) { this.learningRate = learningRate; }
  public Double getMomentum() { return momentum; }
  public void setMomentum(Double momentum) { this.momentum = momentum; }
  public Double getWeightDecay() { return weightDecay; }
  public void setWeightDecay(Double weightDecay) { this.weightDecay = weightDecay; }
  public Long getSeed() { return seed; }
  public void setSeed(Long seed) { this.seed = seed; }
  public OutputSpec getOutput() { return output; }
  public void setOutput(OutputSpec output) { this.output = output; }
  public ReferenceSpec getReference() { return reference; }
  public void setReference(ReferenceSpec reference) { this.reference = reference; }
  public JobSettings getJob() { return job; }
  public void setJob(JobSettings job) { this.job = job; }
  public String getMethod() { return method; }
  public void setMethod(String method) { this.method = method; }
  public MethodSettings getMethodSettings() { return methodSettings; }
  public void setMethodSettings(MethodSettings methodSettings) { this.methodSettings = methodSettings; }
  public StorageSpec getStorage() { return storage; }
  public void setStorage(StorageSpec storage) { this.storage = storage; }
  public Double getRetainSampleFraction() { return retainSampleFraction; }
  public void setRetainSampleFraction(Double retainSampleFraction) { this.retainSampleFraction = retainSampleFraction; }

  // Effective values: the defaults live here once so the worker and the operator agree.
  public double effectiveNoiseStd() { return noiseStd != null ? noiseStd : DEFAULT_NOISE_STD; }
  public int effectiveEpochs() { return epochs != null ? epochs : DEFAULT_EPOCHS; }
  public int effectiveBatchSize() { return batchSize != null ? batchSize : DEFAULT_BATCH_SIZE; }
  public double effectiveLearningRate() { return learningRate != null ? learningRate : DEFAULT_LEARNING_RATE; }
  public double effectiveMomentum() { return momentum != null ? momentum : DEFAULT_MOMENTUM; }
  public double effectiveWeightDecay() { return weightDecay != null ? weightDecay : DEFAULT_WEIGHT_DECAY; }
  public long effectiveSeed() { return seed != null ? seed : DEFAULT_SEED; }
  public String effectiveMethod() { return method != null ? method : MethodSettings.CONFUSE_FINETUNE; }
  public MethodSettings effectiveMethodSettings() { return methodSettings != null ? methodSettings : new MethodSettings(); }
  public double effectiveRetainSampleFraction() { return retainSampleFraction != null ? retainSampleFraction : 1.0; }

  /** Retain samples per fine-tuning epoch for a retain set of {@code retainSize}: ceil(fraction * size), at least 1. */
  public int retainSamplesPerEpoch(int retainSize) {
    return Math.min(retainSize, Math.max(1, (int) Math.ceil(effectiveRetainSampleFraction() * retainSize)));
  }

  /** The class weights to use for {@code numClasses} classes: the given list, or 1.0 for class 0 and 0.5 for the rest. */
  public double[] effectiveClassWeights(int numClasses) {
    double[] w = new double[numClasses];
    if (classWeights != null) {
      for (int i = 0; i < numClasses && i < classWeights.size(); i++) {
        w[i] = classWeights.get(i);
      }
      return w;
    }
    for (int i = 0; i < numClasses; i++) {
      w[i] = i == 0 ? 1.0 : 0.5;
    }
    return w;
  }
}
