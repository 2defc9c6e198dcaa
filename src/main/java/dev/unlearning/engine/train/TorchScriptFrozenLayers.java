package dev.unlearning.engine.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.util.Pair;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.model.ModulePickle;
import dev.unlearning.engine.model.TorchScriptArchive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link FrozenLayers} of a TorchScript module, which DJL sees as one block: a copy of the module whose frozen
 * submodules have their {@code training} flag off and whose other submodules have it on ({@link TorchScriptArchive}),
 * exactly what {@code model.train(); frozen.eval()} gives in PyTorch, with the frozen parameters' requires_grad off, so
 * autograd computes no gradient for them and DJL's trainer, which steps only parameters that require one, leaves them
 * as they are. The copy is only ever forwarded in training mode (a DJL eval forward would reset every flag), so stop
 * checks and the assessment run on the unlearned model, which {@link #sync()} replaces by a copy of the trainee.
 *
 * <p>A module trains when a trained layer is it, is inside it or contains it (the root, the stages that hold a trained
 * block), as {@code frozen.eval()} on the frozen ones leaves it. The default, without names: every module from the one
 * owning the first 2-D weight (the first fully connected layer, in registration order) on.
 */
final class TorchScriptFrozenLayers implements FrozenLayers {

  private final Model original;
  private final Model copy;
  private final List<String> layers;
  private final long parameters;

  private TorchScriptFrozenLayers(Model original, Model copy, List<String> layers, long parameters) {
    this.original = original;
    this.copy = copy;
    this.layers = layers;
    this.parameters = parameters;
  }

  /** Which parameters train, which modules run in training mode, and the trained layers' names. */
  private record Plan(TorchScriptArchive archive, Set<String> trained, Predicate<String> trainingModule,
      List<String> layers) {}

  /**
   * The split by {@code selection}, or the default split when it is null, without copying anything.
   *
   * @throws dev.unlearning.engine.InvalidInputException naming {@code field} when it matches no parameter or every one
   */
  private static Plan plan(Model model, LayerSelection selection, String field) {
    TorchScriptArchive archive = TorchScriptArchive.of(model);
    List<String> names = new ArrayList<>();
    List<Long> dims = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      names.add(p.getKey());
      dims.add((long) p.getValue().getArray().getShape().dimension());
    }
    Predicate<String> trainedModule = selection != null ? selection::matchesLayer
        : fromFirstDenseLayer(archive, names, dims, field);
    Set<String> trained = new LinkedHashSet<>();
    names.stream().filter(n -> trainedModule.test(LayerSelection.layerOf(n))).forEach(trained::add);
    if (trained.isEmpty()) {
      throw LayerSelection.refused(field, "matches no parameter of the model", names);
    }
    if (trained.size() == names.size()) {
      throw LayerSelection.refused(field, "matches every parameter of the model, so no layer would stay frozen", names);
    }
    Set<String> trainedLayers = new LinkedHashSet<>();
    trained.forEach(n -> trainedLayers.add(LayerSelection.layerOf(n)));
    Predicate<String> training = path -> trainedModule.test(path)
        || trainedLayers.stream().anyMatch(layer -> LayerSelection.contains(path, layer));
    return new Plan(archive, trained, training, List.copyOf(trainedLayers));
  }

  /** Refuses, as {@link #of} would, a selection that matches no parameter or every one; copies nothing. */
  static void check(Model model, LayerSelection selection, String field) {
    plan(model, selection, field);
  }

  /** The split by {@code selection}, or the default split when it is null; {@code field} is named in refusals. */
  static TorchScriptFrozenLayers of(Model model, LayerSelection selection, String field) {
    Plan plan = plan(model, selection, field);
    TorchScriptArchive archive = plan.archive();
    archive.training(plan.trainingModule());
    Model copy = Model.newInstance("frozen-layers", model.getNDManager().getDevice(), ModelIO.ENGINE);
    try {
      copy.setBlock(archive.load((PtNDManager) copy.getNDManager()));
      long count = 0;
      for (Pair<String, Parameter> p : copy.getBlock().getParameters()) {
        boolean trains = plan.trained().contains(p.getKey());
        p.getValue().freeze(!trains);
        count += trains ? p.getValue().getArray().size() : 0;
      }
      return new TorchScriptFrozenLayers(model, copy, plan.layers(), count);
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /** Modules from the one owning the first 2-D weight on, in the archive's (registration) order. */
  private static Predicate<String> fromFirstDenseLayer(TorchScriptArchive archive, List<String> names,
      List<Long> dims, String field) {
    int first = 0;
    while (first < names.size() && !(names.get(first).endsWith("weight") && dims.get(first) == 2)) {
      first++;
    }
    if (first == names.size()) {
      throw LayerSelection.refused(field, "the model has no fully connected layer (no 2-D weight), so there is no"
          + " head to train with its features frozen; name the layers to train in"
          + " spec.methodSettings.trainedLayers", names);
    }
    String head = LayerSelection.layerOf(names.get(first));
    Set<String> after = new HashSet<>();
    boolean on = false;
    for (ModulePickle.Module m : archive.modules()) {
      on |= m.path().equals(head);
      if (on) {
        after.add(m.path());
      }
    }
    return after::contains;
  }

  @Override
  public Model trainee() {
    return copy;
  }

  @Override
  public NDArray input(NDArray x) {
    return x;
  }

  @Override
  public void sync() {
    ModelIO.replaceModule(original, copy);
  }

  @Override
  public List<String> trainedLayers() {
    return layers;
  }

  @Override
  public long trainedParameters() {
    return parameters;
  }

  @Override
  public void close() {
    copy.close();
  }
}
