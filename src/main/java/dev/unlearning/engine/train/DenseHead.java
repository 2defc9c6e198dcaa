package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.unlearning.engine.InvalidInputException;
import java.util.List;

/**
 * A model split before its first fully connected layer, so that training moves the dense head only: the blocks before
 * it (convolutions, batch norms) run in evaluation mode with the original's weights and running statistics, outside
 * any gradient, and a trainer made from {@link #model()} updates the head's parameters (the same arrays as the
 * model's, so the model holds the result). Forget steps then cannot move the features that the retain and test images
 * share, and no step back-propagates through the convolutions.
 */
public final class DenseHead implements FrozenLayers {

  private final SequentialBlock features = new SequentialBlock();
  private final Model head;
  private final ParameterStore store;
  private final List<String> layers;

  private DenseHead(Model model, List<Block> front, List<Block> back, List<String> layers) {
    this.layers = layers;
    front.forEach(features::add);
    SequentialBlock dense = new SequentialBlock();
    back.forEach(dense::add);
    head = Model.newInstance("dense-head", model.getNDManager().getDevice(), model.getNDManager().getEngine()
        .getEngineName());
    head.setBlock(dense);
    store = new ParameterStore(model.getNDManager(), false);
  }

  /**
   * Splits {@code model}'s top-level sequence of blocks before its first fully connected layer.
   *
   * @param field the request field that asked for it, named in the error
   * @throws InvalidInputException when the network is not such a sequence or has no layer
   *     before its first fully connected one
   */
  public static DenseHead of(Model model, String field) {
    if (!(model.getBlock() instanceof SequentialBlock sequence)) {
      throw new InvalidInputException(field + ": the model's network is not a sequence of layers, so its features"
          + " cannot be frozen; use a built-in spec.model.architecture, a TorchScript model, or leave " + field
          + " unset");
    }
    List<Block> blocks = sequence.getChildren().stream().map(Pair::getValue).toList();
    int first = 0;
    while (first < blocks.size() && !(blocks.get(first) instanceof Linear)) {
      first++;
    }
    if (first == 0 || first == blocks.size()) {
      throw new InvalidInputException(field + ": the model's network has no fully connected layer after its feature"
          + " layers, so there is nothing to train with its features frozen");
    }
    List<String> names = sequence.getChildren().keys().subList(first, blocks.size());
    return new DenseHead(model, blocks.subList(0, first), blocks.subList(first, blocks.size()), List.copyOf(names));
  }

  /** The head alone, for a trainer: its parameters are the model's dense layers. */
  public Model model() {
    return head;
  }

  @Override
  public Model trainee() {
    return head;
  }

  /** The frozen features of a batch: the blocks before the head in evaluation mode, without gradient. */
  public NDArray features(NDArray x) {
    return features.forward(store, new NDList(x), false).head().stopGradient();
  }

  @Override
  public NDArray input(NDArray x) {
    return features(x);
  }

  /** Nothing to do: the head's parameters are the model's own arrays. */
  @Override
  public void sync() {}

  @Override
  public List<String> trainedLayers() {
    return layers;
  }

  @Override
  public long trainedParameters() {
    return head.getBlock().getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
  }

  /** Closes the head's own model; the parameters belong to the split model and stay. */
  @Override
  public void close() {
    head.close();
  }
}
