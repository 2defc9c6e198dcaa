package dev.unlearning.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a spec without touching any file. The worker runs it before loading anything; the operator runs it
 * before creating a Job, since CRD schema validation is not enforced everywhere.
 */
public final class SpecValidator {

  private static final Set<String> ARCHITECTURES = Set.copyOf(ModelSpec.ARCHITECTURES);
  private static final Set<String> FORMATS = Set.copyOf(DatasetSpec.FORMATS);

  private SpecValidator() {}

  /** All problems found, each naming its field; empty when the spec is valid. */
  public static List<SpecValidationException> problems(UnlearningRequestSpec spec) {
    List<SpecValidationException> out = new ArrayList<>();
    if (spec == null) {
      out.add(new SpecValidationException("spec", "is missing"));
      return out;
    }
    int numClasses = ModelSpec.DEFAULT_NUM_CLASSES;
    ModelSpec model = spec.getModel();
    if (model == null) {
      out.add(new SpecValidationException("spec.model", "is missing: give model.uri or model.architecture"));
    } else {
      if (model.getUri() == null && model.getArchitecture() == null) {
        out.add(new SpecValidationException("spec.model", "give model.uri (TorchScript file) or model.architecture"));
      }
      if (model.getUri() != null) {
        location(out, "spec.model.uri", model.getUri());
      }
      if (model.getArchitecture() != null && !ARCHITECTURES.contains(model.getArchitecture())) {
        out.add(new SpecValidationException("spec.model.architecture",
            "must be one of " + sorted(ARCHITECTURES) + " (got '" + model.getArchitecture() + "')"));
      }
      if (model.getPretrainEpochs() != null && model.getPretrainEpochs() < 0) {
        out.add(new SpecValidationException("spec.model.pretrainEpochs", "must be >= 0 (got " + model.getPretrainEpochs() + ")"));
      }
      if (model.getNumClasses() != null && model.getNumClasses() < 2) {
        out.add(new SpecValidationException("spec.model.numClasses", "must be >= 2 (got " + model.getNumClasses() + ")"));
      } else {
        numClasses = model.effectiveNumClasses();
      }
    }

    DatasetSpec dataset = spec.getDataset();
    if (dataset == null) {
      out.add(new SpecValidationException("spec.dataset", "is missing"));
    } else {
      if (dataset.getFormat() == null || !FORMATS.contains(dataset.getFormat())) {
        out.add(new SpecValidationException("spec.dataset.format",
            "must be one of " + sorted(FORMATS) + " (got '" + dataset.getFormat() + "')"));
      }
      location(out, "spec.dataset.uri", dataset.getUri());
      ImageFolderRules.check(out, dataset);
      NormalizeSpec n = dataset.getNormalize();
      if (n != null) {
        if (n.getMean() == null || n.getStd() == null || n.getMean().isEmpty() || n.getMean().size() != n.getStd().size()) {
          out.add(new SpecValidationException("spec.dataset.normalize",
              "mean and std must both be given with one value per channel"));
        } else if (n.getStd().stream().anyMatch(s -> s == null || !(s > 0) || s.isInfinite())) {
          out.add(new SpecValidationException("spec.dataset.normalize.std", "every value must be > 0 (got " + n.getStd() + ")"));
        }
      }
    }

    ForgetSpec forget = spec.getForget();
    if (forget == null) {
      out.add(new SpecValidationException("spec.forget", "is missing: give one of fraction, classes or indicesFile"));
    } else {
      int selectors = (forget.getFraction() != null ? 1 : 0) + (forget.getClasses() != null ? 1 : 0)
          + (forget.getIndicesFile() != null ? 1 : 0);
      if (selectors != 1) {
        out.add(new SpecValidationException("spec.forget",
            "give exactly one of fraction, classes or indicesFile (got " + selectors + ")"));
      }
      Double f = forget.getFraction();
      if (f != null && !(f > 0 && f < 1)) {
        out.add(new SpecValidationException("spec.forget.fraction", "must be > 0 and < 1 (got " + f + ")"));
      }
      if (forget.getClasses() != null) {
        if (forget.getClasses().isEmpty()) {
          out.add(new SpecValidationException("spec.forget.classes", "must name at least one class"));
        }
        for (Integer c : forget.getClasses()) {
          if (c == null || c < 0 || c >= numClasses) {
            out.add(new SpecValidationException("spec.forget.classes",
                "class " + c + " is outside 0.." + (numClasses - 1)));
            break;
          }
        }
      }
      if (forget.getIndicesFile() != null) {
        location(out, "spec.forget.indicesFile", forget.getIndicesFile());
      }
    }

    Double noise = spec.getNoiseStd();
    if (noise != null && !(noise >= 0 && !noise.isInfinite())) {
      out.add(new SpecValidationException("spec.noiseStd", "must be >= 0 (got " + noise + ")"));
    }
    List<Double> weights = spec.getClassWeights();
    if (weights != null) {
      if (weights.size() != numClasses) {
        out.add(new SpecValidationException("spec.classWeights",
            "needs one weight per class: " + numClasses + " values (got " + weights.size() + ")"));
      }
      if (weights.stream().anyMatch(w -> w == null || !(w >= 0) || w.isInfinite())) {
        out.add(new SpecValidationException("spec.classWeights", "every weight must be >= 0 (got " + weights + ")"));
      }
    }
    positive(out, "spec.epochs", spec.getEpochs());
    positive(out, "spec.batchSize", spec.getBatchSize());
    Double lr = spec.getLearningRate();
    if (lr != null && !(lr > 0 && !lr.isInfinite())) {
      out.add(new SpecValidationException("spec.learningRate", "must be > 0 (got " + lr + ")"));
    }
    Double m = spec.getMomentum();
    if (m != null && !(m >= 0 && m < 1)) {
      out.add(new SpecValidationException("spec.momentum", "must be >= 0 and < 1 (got " + m + ")"));
    }
    Double wd = spec.getWeightDecay();
    if (wd != null && !(wd >= 0 && !wd.isInfinite())) {
      out.add(new SpecValidationException("spec.weightDecay", "must be >= 0 (got " + wd + ")"));
    }

    MethodValidation.check(spec, out);
    Double sample = spec.getRetainSampleFraction();
    if (sample != null && !(sample > 0 && sample <= 1)) {
      out.add(new SpecValidationException("spec.retainSampleFraction", "must be > 0 and <= 1 (got " + sample + ")"));
    }

    if (spec.getOutput() == null) {
      out.add(new SpecValidationException("spec.output.uri", "is missing"));
    } else {
      location(out, "spec.output.uri", spec.getOutput().getUri());
    }

    ReferenceSpec ref = spec.getReference();
    if (ref != null) {
      if (Boolean.TRUE.equals(ref.getRetrain()) && (model == null || model.getArchitecture() == null)) {
        out.add(new SpecValidationException("spec.reference.retrain",
            "needs spec.model.architecture to train the same network from scratch"));
      }
      positive(out, "spec.reference.epochs", ref.getEpochs());
    }
    StorageRules.check(spec, out);

    JobSettings job = spec.getJob();
    if (job != null) {
      WorkerIds.validate(job, out);
      if (job.getGpus() != null && job.getGpus() < 0) {
        out.add(new SpecValidationException("spec.job.gpus", "must be >= 0 (got " + job.getGpus() + ")"));
      }
      if (job.getBackoffLimit() != null && job.getBackoffLimit() < 0) {
        out.add(new SpecValidationException("spec.job.backoffLimit", "must be >= 0 (got " + job.getBackoffLimit() + ")"));
      }
      if (job.getActiveDeadlineSeconds() != null && job.getActiveDeadlineSeconds() < 1) {
        out.add(new SpecValidationException("spec.job.activeDeadlineSeconds",
            "must be >= 1 (got " + job.getActiveDeadlineSeconds() + ")"));
      }
      PodPassThroughRules.check(job, out);
      if (job.getStartDeadlineSeconds() != null && job.getStartDeadlineSeconds() < 1) {
        out.add(new SpecValidationException("spec.job.startDeadlineSeconds",
            "must be >= 1 (got " + job.getStartDeadlineSeconds() + ")"));
      }
      if (job.getTtlSecondsAfterFinished() != null && job.getTtlSecondsAfterFinished() < 0) {
        out.add(new SpecValidationException("spec.job.ttlSecondsAfterFinished",
            "must be >= 0 (got " + job.getTtlSecondsAfterFinished() + ")"));
      }
    }
    return out;
  }

  /** Throws the first problem, if any. */
  public static void validate(UnlearningRequestSpec spec) {
    List<SpecValidationException> p = problems(spec);
    if (!p.isEmpty()) {
      throw p.get(0);
    }
  }

  private static void positive(List<SpecValidationException> out, String field, Integer value) {
    if (value != null && value < 1) {
      out.add(new SpecValidationException(field, "must be >= 1 (got " + value + ")"));
    }
  }

  private static void location(List<SpecValidationException> out, String field, String value) {
    try {
      Location.parse(field, value);
    } catch (SpecValidationException e) {
      out.add(e);
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
