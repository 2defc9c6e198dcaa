package dev.unlearning.engine.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.unlearning.engine.model.ModelIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies of a TorchScript module on further devices, for data-parallel training and evaluation. DJL's multi-device
 * trainer mirrors the parameters of DJL blocks, but a TorchScript module runs on the device it was loaded to and
 * never reads those mirrors; so each further device gets its own copy of the module (serialised from the original,
 * buffers included), the copies' gradients are added into the original's before the optimizer steps it, and the
 * stepped values are copied back out. Replica 0 is the model itself; close the replicas to free the copies.
 */
final class ModuleReplicas implements AutoCloseable {

  private final Model original;
  private final Device[] devices;
  private final List<Model> copies = new ArrayList<>();

  private ModuleReplicas(Model original, Device[] devices) {
    this.original = original;
    this.devices = devices;
  }

  /** The model on devices[0] (its own device) and a copy of it on each further device. */
  static ModuleReplicas of(Model model, Device[] devices) {
    ModuleReplicas replicas = new ModuleReplicas(model, devices);
    if (devices.length > 1) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ModelIO.writeTorchScript(model, bytes);
      try {
        for (int i = 1; i < devices.length; i++) {
          Model copy = Model.newInstance("replica-" + i, devices[i], ModelIO.ENGINE);
          replicas.copies.add(copy);
          copy.load(new ByteArrayInputStream(bytes.toByteArray()), Map.of("mapLocation", "true"));
          // As DJL's PtModel.newTrainer does for the model it trains: parameters trainable, batch-norm statistics not.
          copy.getBlock().freezeParameters(false,
              p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR);
        }
      } catch (IOException | MalformedModelException e) {
        replicas.close();
        throw new UncheckedIOException("copying the TorchScript module to " + devices.length + " devices failed",
            e instanceof IOException io ? io : new IOException(e));
      }
    }
    return replicas;
  }

  int size() {
    return devices.length;
  }

  Block block(int replica) {
    return replica == 0 ? original.getBlock() : copies.get(replica - 1).getBlock();
  }

  /** Adds every copy's gradients into the original's (on its device) and clears the copies'. */
  void reduceGradients() {
    List<Parameter> target = original.getBlock().getParameters().values();
    // Gradient handles and cross-device copies are new NDArrays: made in a scratch manager, freed at once.
    try (NDManager scratch = original.getNDManager().newSubManager()) {
      for (Model copy : copies) {
        List<Parameter> source = copy.getBlock().getParameters().values();
        for (int p = 0; p < target.size(); p++) {
          NDArray to = target.get(p).getArray();
          NDArray from = source.get(p).getArray();
          if (target.get(p).requiresGradient() && from.hasGradient()) {
            NDArray grad = from.getGradient();
            grad.attach(scratch);
            NDArray sum = to.getGradient();
            sum.attach(scratch);
            sum.addi(onDevice(grad, sum.getDevice(), scratch));
            grad.subi(grad);
          }
        }
      }
    }
  }

  /** Copies the original's parameter values (after the optimizer step) into every copy. */
  void broadcastParameters() {
    List<Parameter> source = original.getBlock().getParameters().values();
    try (NDManager scratch = original.getNDManager().newSubManager()) {
      for (Model copy : copies) {
        List<Parameter> target = copy.getBlock().getParameters().values();
        for (int p = 0; p < source.size(); p++) {
          NDArray to = target.get(p).getArray();
          to.set(new NDIndex("..."), onDevice(source.get(p).getArray(), to.getDevice(), scratch));
        }
      }
    }
  }

  /** {@code array} on {@code device}: itself when it is there, else a copy that {@code scratch} owns. */
  private static NDArray onDevice(NDArray array, Device device, NDManager scratch) {
    NDArray moved = array.toDevice(device, false);
    if (moved != array) {
      moved.attach(scratch);
    }
    return moved;
  }

  @Override
  public void close() {
    copies.forEach(Model::close);
    copies.clear();
  }
}
