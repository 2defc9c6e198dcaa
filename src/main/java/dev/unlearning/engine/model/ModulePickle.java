package dev.unlearning.engine.model;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the module tree out of a TorchScript archive's {@code data.pkl}: every module object with its dotted path, its
 * TorchScript class, the position of the byte that holds its {@code training} flag (NEWTRUE or NEWFALSE), and every
 * tensor attribute (parameter or buffer) with the storage record that holds its values. The pickle's opcodes are
 * followed by {@link PickleMachine}, which builds only what the tree needs, so no code in the pickle runs.
 *
 * <p>libtorch's own pickler writes these files (protocol 2: GLOBAL/NEWOBJ for each module, a state dict of its
 * attributes set by BUILD, tensors as {@code torch._utils._rebuild_tensor_v2} of a persistent storage id), and the
 * worker only reads files libtorch 2.7.1 has just written ({@link TorchScriptArchive#of}).
 */
public final class ModulePickle {

  /** A module: its dotted path ("" for the root), TorchScript class, and where its training flag is. */
  public record Module(String path, String className, int trainingFlag) {}

  /** A tensor attribute: storage record key, element type, offset and number of elements, contiguous or not. */
  public record Tensor(String storage, String storageType, long offset, long elements, boolean contiguous) {}

  /** What was read: modules in pickle order (the registration order: a pre-order walk) and tensors by dotted name. */
  public record Tree(List<Module> modules, Map<String, Tensor> tensors) {}

  /** The tree of the pickled root module. */
  static Tree read(byte[] pickle) {
    Object root = new PickleMachine(pickle).run();
    if (!(root instanceof PickleMachine.Obj obj) || obj.state == null) {
      throw new IllegalStateException("data.pkl does not hold a module object");
    }
    List<Module> modules = new ArrayList<>();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    walk(obj, "", modules, tensors, new IdentityHashMap<>());
    return new Tree(modules, tensors);
  }

  private static void walk(PickleMachine.Obj obj, String path, List<Module> modules, Map<String, Tensor> tensors,
      Map<PickleMachine.Obj, Boolean> seen) {
    if (seen.put(obj, true) != null) {
      return; // a module shared by two parents is listed under its first path, as named_modules() does
    }
    Object flag = obj.state.get("training");
    int position = flag instanceof PickleMachine.Bool b ? b.position() : -1;
    modules.add(new Module(path, obj.type.module() + "." + obj.type.name(), position));
    for (Map.Entry<Object, Object> e : obj.state.entrySet()) {
      if (!(e.getKey() instanceof String name)) {
        continue;
      }
      String child = path.isEmpty() ? name : path + "." + name;
      if (e.getValue() instanceof Tensor t) {
        tensors.put(child, t);
      } else if (e.getValue() instanceof PickleMachine.Obj o && o.state != null && o.state.containsKey("training")) {
        walk(o, child, modules, tensors, seen);
      }
    }
  }
}
