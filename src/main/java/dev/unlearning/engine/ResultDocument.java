package dev.unlearning.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.engine.evidence.AcceptanceGate;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.ResultGaps;
import java.util.List;
import java.util.Map;

/**
 * The full result written to {@code result.json}; {@link dev.unlearning.api.ResultSummary} is its compact form.
 * {@code owner} is the request the output belongs to (dev.unlearning.engine.OutputClaim reads it back); {@code evidence}
 * names the evidence record written before it and {@code acceptance} is the gate's verdict.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultDocument(
    int schemaVersion,
    OutputOwner owner,
    String device,
    ModelInfo model,
    DatasetInfo dataset,
    ForgetInfo forget,
    Settings settings,
    Accuracies original,
    Accuracies unlearned,
    List<Epoch> pretrain,
    List<Epoch> fineTune,
    Map<String, Double> durationsSeconds,
    Accuracies retrained,
    Reference reference,
    String method,
    Map<String, Object> methodReport,
    ResultGaps gaps,
    String gapsNote,
    EvidenceSummary evidence,
    AcceptanceGate.Verdict acceptance) {

  /** Why result.json has no gaps: they compare with the retrained model. */
  public static final String GAPS_NEED_REFERENCE = "the gaps to retraining need spec.reference.retrain: true";

  /** Bumped whenever a field changes meaning or disappears; additions keep the version. */
  public static final int SCHEMA_VERSION = 1;

  /** Where the model came from and where the unlearned one is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelInfo(String source, String architecture, int numClasses, String savedFile, String savedFormat,
      List<String> confusedParameters, long confusedElements) {}

  public record DatasetInfo(String format, String uri, int trainSize, int testSize, List<Integer> imageShape) {}

  /**
   * The split: mode is fraction, classes or indicesFile. A chained run (spec.model.fromOutput) names its
   * {@code parent} output; its forget set is its own plus the {@code inheritedForgetSize} samples the parent's chain
   * forgot (forgetSize counts both, and forget-indices.txt lists both for the next run).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ForgetInfo(String mode, int forgetSize, int retainSize, String indicesFile, String indicesSha256,
      String parent, Integer inheritedForgetSize) {}

  public record Settings(double noiseStd, List<Double> classWeights, int epochs, int batchSize, double learningRate,
      double momentum, double weightDecay, long seed, int pretrainEpochs, double retainSampleFraction) {}

  /**
   * The reference (spec.reference), whose accuracies and MIA are in {@code retrained}: architecture, epochs, its
   * training epochs, the seconds of unlearning (confuse + fine-tune) and of retraining, and their ratio: the share of
   * a retraining that unlearning costs. {@code kind} says what it is ({@link #RETRAINED} here, or the user's own
   * {@link #USER_MODEL}, from {@code source}, with no training here), {@code initialization} how a retrained one
   * started ("built-in" for a built-in architecture, else spec.reference.initialization), and {@code note} anything
   * that makes it differ from the original's training (a torchvision model's own initialisation).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reference(String architecture, Integer epochs, List<Epoch> trainEpochs,
      double unlearningSeconds, Double retrainSeconds, Double unlearningToRetrainTimeRatio, String kind,
      String initialization, String source, String note) {

    public static final String RETRAINED = "retrained";
    public static final String USER_MODEL = "user-model";
    public static final String BUILT_IN = "built-in";
  }

  /**
   * One training epoch: mean batch loss and the accuracy on the samples it trained on (the retain set when
   * fine-tuning, the whole training set when pretraining), counted during the epoch in training mode.
   */
  public record Epoch(int epoch, double loss, double trainAccuracy) {}
}
