package dev.unlearning.engine.data;

import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The IDX format of MNIST and Fashion-MNIST: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally gzipped ({@code .gz}).
 */
public final class IdxDataset {

  /** Magic number of an idx3 file of unsigned bytes (images). */
  static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an idx1 file of unsigned bytes (labels). */
  static final int LABELS_MAGIC = 0x00000801;

  /**
   * Default normalisation: mean and std of the Fashion-MNIST training pixels (scaled to [0,1]). Used for every
   * IDX dataset unless spec.dataset.normalize overrides it; for MNIST itself 0.1307 / 0.3081 would be exact.
   */
  static final float[] DEFAULT_MEAN = {0.2860f};
  static final float[] DEFAULT_STD = {0.3530f};

  private IdxDataset() {}

  public static Datasets.TrainTest load(Path dir, NormalizeSpec normalize) {
    ImageDataset train = loadPair(dir, "train", normalize);
    ImageDataset test = loadPair(dir, "t10k", normalize);
    return new Datasets.TrainTest(train, test);
  }

  private static ImageDataset loadPair(Path dir, String prefix, NormalizeSpec normalize) {
    Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
    Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
    byte[] images = Datasets.readAll(imagesFile);
    byte[] labels = Datasets.readAll(labelsFile);

    ByteBuffer ih = header(imagesFile, images, 16, IMAGES_MAGIC);
    int count = nonNegative(imagesFile, ih.getInt(4));
    int rows = nonNegative(imagesFile, ih.getInt(8));
    int cols = nonNegative(imagesFile, ih.getInt(12));
    long expected = 16L + (long) count * rows * cols;
    if (images.length < expected) {
      throw new InvalidInputException("dataset file " + imagesFile + " is truncated: header announces " + count
          + " images of " + rows + "x" + cols + " (" + expected + " bytes) but the file has " + images.length + " bytes");
    }
    ByteBuffer lh = header(labelsFile, labels, 8, LABELS_MAGIC);
    int labelCount = nonNegative(labelsFile, lh.getInt(4));
    if (labels.length < 8L + labelCount) {
      throw new InvalidInputException("dataset file " + labelsFile + " is truncated: header announces " + labelCount
          + " labels but the file has " + (labels.length - 8) + " label bytes");
    }
    if (labelCount != count) {
      throw new InvalidInputException("dataset files " + imagesFile + " and " + labelsFile + " disagree: " + count
          + " images but " + labelCount + " labels");
    }
    Normalisation norm = Normalisation.of(normalize, 1, DEFAULT_MEAN, DEFAULT_STD);
    byte[] pixels = Arrays.copyOfRange(images, 16, (int) expected);
    return new InMemoryImageDataset(pixels, Datasets.toLabels(labels, 8, count), 1, rows, cols, norm);
  }

  /** The file with this base name, plain or gzipped; missing files are reported under the plain name. */
  static Path find(Path dir, String base) {
    Path plain = dir.resolve(base);
    if (Files.exists(plain)) {
      return plain;
    }
    Path gz = dir.resolve(base + ".gz");
    if (Files.exists(gz)) {
      return gz;
    }
    throw new InvalidInputException("dataset file " + plain + "[.gz] does not exist (spec.dataset.uri, format idx)");
  }

  private static ByteBuffer header(Path file, byte[] content, int headerSize, int magic) {
    if (content.length < headerSize) {
      throw new InvalidInputException("dataset file " + file + " is truncated: " + content.length
          + " bytes, shorter than its " + headerSize + "-byte IDX header");
    }
    ByteBuffer b = ByteBuffer.wrap(content, 0, headerSize); // IDX is big-endian, ByteBuffer's default
    int found = b.getInt(0);
    if (found != magic) {
      throw new InvalidInputException(String.format("dataset file %s has wrong magic number 0x%08X (expected 0x%08X)",
          file, found, magic));
    }
    return b;
  }

  private static int nonNegative(Path file, int value) {
    if (value < 0) {
      throw new InvalidInputException("dataset file " + file + " has a corrupt header (negative size " + value + ")");
    }
    return value;
  }
}
