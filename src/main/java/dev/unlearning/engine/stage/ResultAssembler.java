package dev.unlearning.engine.stage;

import dev.unlearning.api.Location;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.ResultGaps;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ResultDocument;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.evidence.AcceptanceGate;
import dev.unlearning.engine.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a run's report into result.json's document and the compact summary of the status. */
public final class ResultAssembler {

  private ResultAssembler() {}

  public static ResultSummary summary(RunReport r, Map<String, Double> durations) {
    ResultSummary summary = new ResultSummary();
    summary.setOriginal(r.original().rounded());
    summary.setUnlearned(r.unlearned().rounded());
    summary.setRetrained(r.reference() != null ? r.reference().accuracies().rounded() : null);
    summary.setGaps(r.reference() != null ? ResultGaps.between(r.unlearned(), r.reference().accuracies()) : null);
    summary.setRetainSize(r.split().sets().retainSize());
    summary.setForgetSize(r.split().sets().forgetSize());
    summary.setTestSize(r.heldOut().assessed().length);
    summary.setForgetIndicesSha256(r.split().sha256());
    summary.setDevice(r.device());
    summary.setDurationsSeconds(durations);
    return summary;
  }

  /** result.json's content; {@code savedFile} and {@code savedFormat} describe the saved model. */
  public static ResultDocument document(RunReport r, ResultSummary summary, String savedFile, String savedFormat,
      String forgetIndicesFile, EvidenceSummary evidence, AcceptanceGate.Verdict verdict) {
    UnlearningRequestSpec spec = r.spec();
    ModelSpec modelSpec = spec.getModel();
    boolean builtIn = r.modelFile() == null;
    int numClasses = modelSpec.effectiveNumClasses();
    ImageDataset train = r.data().train();
    SplitStage.Split split = r.split();
    return new ResultDocument(ResultDocument.SCHEMA_VERSION, r.owner(), summary.getDevice(),
        // Locations as displayed: a pre-signed URL's query is a credential.
        new ResultDocument.ModelInfo(Location.displayOf(modelSpec.modelFileUri()),
            builtIn ? modelSpec.getArchitecture() : null, numClasses,
            savedFile, savedFormat, r.method().changedParameters(), r.method().changedElements()),
        new ResultDocument.DatasetInfo(spec.getDataset().getFormat(), Location.displayOf(spec.getDataset().getUri()),
            train.size(), r.data().test().size(), List.of(train.channels(), train.height(), train.width())),
        new ResultDocument.ForgetInfo(split.mode(), split.sets().forgetSize(), split.sets().retainSize(),
            forgetIndicesFile, split.sha256(), split.parent(), split.parent() != null ? split.inherited() : null),
        settings(spec, spec.effectiveClassWeights(numClasses), builtIn ? modelSpec.effectivePretrainEpochs() : 0),
        r.original(), r.unlearned(), epochs(r.pretrain()), epochs(r.method().epochs()),
        summary.getDurationsSeconds(), r.reference() != null ? r.reference().accuracies() : null,
        r.reference() != null ? r.reference().document() : null, spec.effectiveMethod(), methodReport(r),
        summary.getGaps(), summary.getGaps() == null ? ResultDocument.GAPS_NEED_REFERENCE : null, evidence, verdict);
  }

  /** The effective training settings of the run, as result.json and the evidence record give them. */
  public static ResultDocument.Settings settings(RunReport r) {
    ModelSpec modelSpec = r.spec().getModel();
    return settings(r.spec(), r.spec().effectiveClassWeights(modelSpec.effectiveNumClasses()),
        r.modelFile() == null ? modelSpec.effectivePretrainEpochs() : 0);
  }

  /** The method's report, with the number of test images it read and of those the models were judged on. */
  private static Map<String, Object> methodReport(RunReport r) {
    if (!r.heldOut().splits()) {
      return r.method().report();
    }
    Map<String, Object> out = new LinkedHashMap<>(r.method().report());
    out.put("heldOutTestImages", r.heldOut().method().length);
    out.put("judgedTestImages", r.heldOut().assessed().length);
    return out;
  }

  private static ResultDocument.Settings settings(UnlearningRequestSpec spec, double[] weights, int pretrainEpochs) {
    return new ResultDocument.Settings(spec.effectiveNoiseStd(), Arrays.stream(weights).boxed().toList(),
        spec.effectiveEpochs(), spec.effectiveBatchSize(), spec.effectiveLearningRate(), spec.effectiveMomentum(),
        spec.effectiveWeightDecay(), spec.effectiveSeed(), pretrainEpochs, spec.effectiveRetainSampleFraction());
  }

  static List<ResultDocument.Epoch> epochs(List<TrainingLoop.EpochStats> stats) {
    List<ResultDocument.Epoch> out = new ArrayList<>();
    for (TrainingLoop.EpochStats s : stats) {
      out.add(new ResultDocument.Epoch(s.epoch(), s.loss(), s.accuracy()));
    }
    return out;
  }
}
