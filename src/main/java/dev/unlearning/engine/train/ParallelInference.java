package dev.unlearning.engine.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.translate.Batchifier;
import dev.unlearning.engine.data.BatchReader;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;

/**
 * Evaluation-mode forward passes of a model with each batch split across devices, as the training splits it: DJL's
 * batchifier cuts the batch, each part runs on its device against a mirror of the parameters there (made once per
 * instance by a {@link ParameterStore}, or a copy of a TorchScript module, see {@link ModuleReplicas}), and the
 * logits come back in batch order. Create one per evaluation pass,
 * after training, and close it to free the mirrors.
 */
public final class ParallelInference implements AutoCloseable {

  private final Model model;
  private final Device[] devices;
  private final NDManager[] mirrors;
  private final ParameterStore[] stores;
  private final ModuleReplicas replicas;

  public ParallelInference(Model model, Device[] devices) {
    this.model = model;
    this.devices = devices != null ? devices : Devices.of(model);
    mirrors = new NDManager[this.devices.length];
    stores = new ParameterStore[this.devices.length];
    for (int i = 0; i < this.devices.length; i++) {
      mirrors[i] = model.getNDManager().newSubManager(this.devices[i]);
      stores[i] = new ParameterStore(mirrors[i], false);
    }
    // A TorchScript module ignores the parameter stores: it runs as a copy of itself on each further device.
    replicas = this.devices.length > 1 && ModelIO.isTorchScript(model) ? ModuleReplicas.of(model, this.devices) : null;
  }

  /** What a pass over a set does with each batch: its images and labels, and the model's logits on them. */
  @FunctionalInterface
  public interface BatchConsumer {
    void accept(NDList imagesAndLabels, NDArray logits);
  }

  /**
   * One evaluation-mode pass over {@code indices} of {@code data}, {@code batchSize} at a time and in order: each
   * batch's images, labels and logits go to {@code each}, inside a manager closed after the call.
   */
  public static void forEachBatch(Model model, Device[] devices, ImageDataset data, int[] indices, int batchSize,
      BatchConsumer each) {
    try (ParallelInference inference = new ParallelInference(model, devices);
        BatchReader reader = data.reader(indices, batchSize)) {
      for (int b = 0; b < reader.batches(); b++) {
        try (NDManager m = model.getNDManager().newSubManager()) {
          NDList xy = reader.next(m);
          each.accept(xy, inference.logits(xy.get(0)));
        }
      }
    }
  }

  /** The logits of the images {@code x}, on x's device, one row per image in x's order. */
  public NDArray logits(NDArray x) {
    if (devices.length == 1) {
      return forward(0, x.toDevice(devices[0], false)).toDevice(x.getDevice(), false);
    }
    NDList[] parts = Batchifier.STACK.split(new NDList(x), devices.length, false);
    NDList outputs = new NDList(parts.length);
    for (int i = 0; i < parts.length; i++) {
      outputs.add(forward(i, parts[i].head().toDevice(devices[i], false)).toDevice(x.getDevice(), false));
    }
    return NDArrays.concat(outputs);
  }

  private NDArray forward(int device, NDArray x) {
    Block block = replicas != null ? replicas.block(device) : model.getBlock();
    return block.forward(stores[device], new NDList(x), false).head();
  }

  @Override
  public void close() {
    if (replicas != null) {
      replicas.close();
    }
    for (NDManager m : mirrors) {
      m.close();
    }
  }
}
