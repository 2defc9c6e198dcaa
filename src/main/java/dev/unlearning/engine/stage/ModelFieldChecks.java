package dev.unlearning.engine.stage;

import ai.djl.Device;
import ai.djl.Model;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.model.ParameterReset;
import dev.unlearning.engine.train.ConfuseStep;
import dev.unlearning.engine.train.FrozenLayers;
import dev.unlearning.engine.train.LayerReinit;
import java.nio.file.Path;

/**
 * The request fields whose validity depends on the model itself, checked as soon as the model is open and before any
 * pass over the data: the layers frozenFeatures / trainedLayers and confuseLayers select, whether reinit-finetune has layers to re-initialise, whether reference.retrain can
 * re-initialise a TorchScript model, and whether reference.model.uri is a TorchScript file. The methods and the
 * reference stage would refuse the same later, after minutes of assessment and unlearning that the refusal loses.
 */
public final class ModelFieldChecks {

  private ModelFieldChecks() {}

  /**
   * @param referenceFile the local file of spec.reference.model.uri, or null
   * @throws dev.unlearning.engine.InvalidInputException naming the field (exit code 2)
   */
  public static void check(UnlearningRequestSpec spec, Model model, Path referenceFile, Device device) {
    MethodSettings s = spec.effectiveMethodSettings();
    String method = spec.effectiveMethod();
    if (MethodSettings.HELDOUT_MATCH.equals(method) && s.effectiveFrozenFeatures()) {
      FrozenLayers.check(model, s);
    }
    if (MethodSettings.CONFUSE_FINETUNE.equals(method)) {
      ConfuseStep.selected(model.getBlock(), s.effectiveConfuseScope(), s.getConfuseLayers());
    }
    if (MethodSettings.REINIT_FINETUNE.equals(method)) {
      LayerReinit.check(model.getBlock());
    }
    ReferenceSpec ref = spec.getReference();
    if (ref != null && Boolean.TRUE.equals(ref.getRetrain()) && spec.getModel().getArchitecture() == null) {
      ParameterReset.check(model, "spec.reference.retrain");
    }
    if (referenceFile != null) {
      ModelIO.loadTorchScript("spec.reference.model.uri", referenceFile, device).close();
    }
  }
}
