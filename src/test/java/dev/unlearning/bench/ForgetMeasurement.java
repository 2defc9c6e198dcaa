package dev.unlearning.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.data.BatchReader;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.train.Evaluator;
import dev.unlearning.engine.train.ParallelInference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the forgetting-quality benchmark keeps of one trained or unlearned model: the logit-scaled confidence of every
 * forget example's true class (in the forget set's order), its retain, forget and test accuracy, and the CPU seconds
 * the model cost. One JSON file per model, so a pool of models is trained once and shared by every method.
 */
record ForgetMeasurement(long seed, double retain, double forget, double test, double cpuSeconds,
    double[] confidences) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Measures {@code model} on a split: confidences and accuracy on the forget set, accuracy on retain and test. */
  static ForgetMeasurement of(Model model, long seed, double cpuSeconds, ImageDataset data, int[] retain,
      int[] forget, int[] test) {
    double[] conf = new double[forget.length];
    long correct = 0;
    try (ParallelInference inference = new ParallelInference(model, null);
        BatchReader reader = data.reader(forget, MatrixModels.BATCH)) {
      int at = 0;
      for (int b = 0; b < reader.batches(); b++) {
        try (NDManager batch = model.getNDManager().newSubManager()) {
          NDList xy = reader.next(batch);
          NDArray logits = inference.logits(xy.get(0)).toType(DataType.FLOAT32, false);
          long[] labels = xy.get(1).toType(DataType.INT64, false).toLongArray();
          float[] flat = logits.toFloatArray();
          int classes = (int) logits.getShape().get(1);
          for (int row = 0; row < labels.length; row++) {
            float[] z = new float[classes];
            System.arraycopy(flat, row * classes, z, 0, classes);
            conf[at++] = ForgettingQuality.logitScaledConfidence(z, (int) labels[row]);
            correct += argMax(z) == labels[row] ? 1 : 0;
          }
        }
      }
    }
    return new ForgetMeasurement(seed, Evaluator.accuracy(model, data, retain, MatrixModels.BATCH),
        (double) correct / forget.length, Evaluator.accuracy(model, data, test, MatrixModels.BATCH), cpuSeconds, conf);
  }

  static ForgetMeasurement read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ForgetMeasurement.class);
  }

  /** Written to a temporary file and moved, so an interrupted run never leaves half a file in the pool. */
  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static int argMax(float[] z) {
    int best = 0;
    for (int j = 1; j < z.length; j++) {
      if (z[j] > z[best]) {
        best = j;
      }
    }
    return best;
  }
}
