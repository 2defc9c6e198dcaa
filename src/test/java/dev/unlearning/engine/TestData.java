package dev.unlearning.engine;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.data.InMemoryImageDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Small synthetic image data for the engine tests: each class is a fixed random prototype image plus pixel noise, so
 * a CNN learns it; {@code labelNoise} of the training labels are replaced by random classes, which a model can only
 * get right by memorising them.
 */
public final class TestData {

  /** TorchScript fixture: 1x12x12 input, 3 classes (see src/test/resources/torchscript/make_fixture.py). */
  public static final Path TINY_CNN = Path.of("src/test/resources/torchscript/tiny-cnn.pt");

  public final int classes;
  public final int side;
  public final byte[] trainPixels;
  public final int[] trainLabels;
  public final byte[] testPixels;
  public final int[] testLabels;

  public TestData(int classes, int side, int train, int test, double labelNoise, long seed) {
    this.classes = classes;
    this.side = side;
    Random r = new Random(seed);
    int size = side * side;
    byte[][] prototypes = new byte[classes][size];
    for (byte[] p : prototypes) {
      for (int i = 0; i < size; i++) {
        p[i] = (byte) r.nextInt(256);
      }
    }
    trainPixels = new byte[train * size];
    trainLabels = new int[train];
    fill(r, prototypes, trainPixels, trainLabels, labelNoise);
    testPixels = new byte[test * size];
    testLabels = new int[test];
    fill(r, prototypes, testPixels, testLabels, 0);
  }

  private void fill(Random r, byte[][] prototypes, byte[] pixels, int[] labels, double labelNoise) {
    int size = side * side;
    for (int n = 0; n < labels.length; n++) {
      int c = n % classes;
      for (int i = 0; i < size; i++) {
        int v = (prototypes[c][i] & 0xFF) + (int) (r.nextGaussian() * 90);
        pixels[n * size + i] = (byte) Math.max(0, Math.min(255, v));
      }
      labels[n] = r.nextDouble() < labelNoise ? r.nextInt(classes) : c;
    }
  }

  public ImageDataset train() {
    return new InMemoryImageDataset(trainPixels, trainLabels, 1, side, side, new float[] {0.5f}, new float[] {0.3f});
  }

  public ImageDataset test() {
    return new InMemoryImageDataset(testPixels, testLabels, 1, side, side, new float[] {0.5f}, new float[] {0.3f});
  }

  /** Writes the four IDX files (gzipped when {@code gzip}) into {@code dir}. */
  public void writeIdx(Path dir, boolean gzip) throws IOException {
    Files.createDirectories(dir);
    String ext = gzip ? ".gz" : "";
    writeFile(dir.resolve("train-images-idx3-ubyte" + ext), idxImages(trainPixels, trainLabels.length, side), gzip);
    writeFile(dir.resolve("train-labels-idx1-ubyte" + ext), idxLabels(trainLabels), gzip);
    writeFile(dir.resolve("t10k-images-idx3-ubyte" + ext), idxImages(testPixels, testLabels.length, side), gzip);
    writeFile(dir.resolve("t10k-labels-idx1-ubyte" + ext), idxLabels(testLabels), gzip);
  }

  public static byte[] idxImages(byte[] pixels, int count, int side) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(0x803).putInt(count).putInt(side).putInt(side).put(pixels);
    return b.array();
  }

  public static byte[] idxLabels(int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x801).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  public static void writeFile(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
  }

  /** Every parameter's values, by name, in parameter order. */
  public static Map<String, float[]> parameters(Model model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  /** A valid request on an IDX dataset directory, with a built-in small-cnn and short training. */
  public static UnlearningRequestSpec spec(Path datasetDir, Path outputDir, int classes) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    ModelSpec model = new ModelSpec();
    model.setArchitecture(ModelSpec.SMALL_CNN);
    model.setNumClasses(classes);
    model.setPretrainEpochs(1);
    spec.setModel(model);
    DatasetSpec dataset = new DatasetSpec();
    dataset.setFormat(DatasetSpec.FORMAT_IDX);
    dataset.setUri(datasetDir.toString());
    spec.setDataset(dataset);
    ForgetSpec forget = new ForgetSpec();
    forget.setFraction(0.2);
    forget.setSeed(1L);
    spec.setForget(forget);
    spec.setEpochs(1);
    spec.setBatchSize(32);
    spec.setOutput(new OutputSpec(outputDir.toString()));
    return spec;
  }
}
