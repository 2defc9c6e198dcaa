package dev.unlearning.engine.stage;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.train.Evaluator;
import dev.unlearning.engine.train.Optimizers;
import dev.unlearning.engine.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;

/**
 * Original stage: the model to unlearn, either the request's TorchScript file (a local path the {@link
 * dev.unlearning.engine.Locations} resolved) or a built-in architecture that this stage first trains on the whole
 * training set, as the original model would have been trained.
 */
public final class OriginalStage {

  private OriginalStage() {}

  /**
   * Loads the model file, or builds the built-in architecture (initialised from the engine's current random seed),
   * and checks that it outputs one score per class. The caller closes the model.
   */
  public static Model open(ModelSpec spec, Path modelFile, ImageDataset train, int batchSize, Device device) {
    int numClasses = spec.effectiveNumClasses();
    Model model = modelFile != null
        ? ModelIO.loadTorchScript(modelFile, device)
        : ModelIO.builtIn(spec.getArchitecture(), numClasses, train.inputShape(batchSize), device);
    try {
      checkOutputShape(model, train, numClasses, modelFile);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** Pretrains a built-in model on the whole training set (phase pretrain); a model file is used as it is. */
  public static List<TrainingLoop.EpochStats> pretrain(Model model, boolean builtIn, UnlearningRequestSpec spec,
      ImageDataset train, Device[] devices, PhaseClock clock) {
    if (!builtIn) {
      clock.skipped(Phases.PRETRAIN);
      return List.of();
    }
    return clock.timed(Phases.PRETRAIN, () -> new TrainingLoop(Phases.PRETRAIN, clock.listener(), devices).train(model,
        train, train.allIndices(), Loss.softmaxCrossEntropyLoss(), Optimizers.pretrain(),
        spec.getModel().effectivePretrainEpochs(), spec.effectiveBatchSize(), spec.effectiveSeed()));
  }

  private static void checkOutputShape(Model model, ImageDataset train, int numClasses, Path modelFile) {
    String what = modelFile != null ? "model file " + modelFile : "the built-in model";
    Shape out;
    try {
      out = Evaluator.outputShape(model, train);
    } catch (EngineException e) {
      throw new InvalidInputException("spec.model.uri: " + what + " fails on the dataset's images of shape "
          + train.inputShape(1) + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (out.dimension() != 2 || out.get(1) != numClasses) {
      throw new InvalidInputException("spec.model.numClasses is " + numClasses + " but " + what + " outputs shape "
          + out + " for one image; the output size must equal the number of classes");
    }
  }
}
