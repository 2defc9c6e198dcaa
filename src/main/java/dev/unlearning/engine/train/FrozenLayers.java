package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.engine.model.ModelIO;
import java.util.List;

/**
 * Training part of a network while the rest stays as the original's: the frozen layers get no gradient and no
 * optimizer step (their parameters stay bit for bit), and run in evaluation mode (their batch norms normalise with
 * their running statistics and leave them unchanged). A trainer made from {@link #trainee()} trains the rest, fed
 * {@link #input}; {@link #sync()} makes the unlearned model hold what it trained.
 */
public interface FrozenLayers extends AutoCloseable {

  /** The model a trainer steps. */
  Model trainee();

  /** What the trainee is fed for the images {@code x}. */
  NDArray input(NDArray x);

  /** Makes the model being unlearned hold the trainee's current state (before a stop check, and at the end). */
  void sync();

  /** The layers that train, by name. */
  List<String> trainedLayers();

  /** The parameters that train. */
  long trainedParameters();

  @Override
  void close();

  /**
   * The split of {@code model} that spec.methodSettings asks for: {@code trainedLayers} on a TorchScript module, else
   * everything from its first fully connected layer on ({@link DenseHead} for a built-in network).
   *
   * @throws dev.unlearning.engine.InvalidInputException naming the field when the selection matches no parameter or
   *     every one, or the network cannot be split
   */
  static FrozenLayers of(Model model, MethodSettings settings) {
    List<String> named = settings.getTrainedLayers();
    if (ModelIO.isTorchScript(model)) {
      return named != null
          ? TorchScriptFrozenLayers.of(model, LayerSelection.of(named), MethodSettings.TRAINED_LAYERS_FIELD)
          : TorchScriptFrozenLayers.of(model, null, MethodSettings.FROZEN_FEATURES_FIELD);
    }
    refuseNamesOfBuiltIn(named);
    return DenseHead.of(model, MethodSettings.FROZEN_FEATURES_FIELD);
  }

  /** Refuses what {@link #of} would refuse, without copying the module: for a check before any pass over the data. */
  static void check(Model model, MethodSettings settings) {
    List<String> named = settings.getTrainedLayers();
    if (ModelIO.isTorchScript(model)) {
      TorchScriptFrozenLayers.check(model, named != null ? LayerSelection.of(named) : null,
          named != null ? MethodSettings.TRAINED_LAYERS_FIELD : MethodSettings.FROZEN_FEATURES_FIELD);
      return;
    }
    refuseNamesOfBuiltIn(named);
    DenseHead.of(model, MethodSettings.FROZEN_FEATURES_FIELD).close();
  }

  private static void refuseNamesOfBuiltIn(List<String> named) {
    if (named != null) {
      throw new dev.unlearning.engine.InvalidInputException(MethodSettings.TRAINED_LAYERS_FIELD + ": names layers of a"
          + " TorchScript model (spec.model.uri); a built-in network trains from its first fully connected layer on"
          + " (spec.methodSettings.frozenFeatures: true alone)");
    }
  }
}
