package dev.unlearning.engine.data;

import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import java.nio.file.Path;

/**
 * The CIFAR-10 binary format: {@code data_batch_1.bin .. data_batch_5.bin} (training) and {@code test_batch.bin},
 * each a sequence of records of 1 label byte followed by 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major
 * 32x32), which is already the channel-major layout the model takes.
 */
public final class Cifar10BinaryDataset {

  static final int RECORD = 1 + 3 * 32 * 32;
  static final int TRAIN_FILES = 5;
  static final float[] DEFAULT_MEAN = {0.4914f, 0.4822f, 0.4465f};
  static final float[] DEFAULT_STD = {0.2023f, 0.1994f, 0.2010f};

  private Cifar10BinaryDataset() {}

  public static Datasets.TrainTest load(Path dir, NormalizeSpec normalize) {
    Normalisation norm = Normalisation.of(normalize, 3, DEFAULT_MEAN, DEFAULT_STD);
    byte[][] trainParts = new byte[TRAIN_FILES][];
    for (int i = 0; i < TRAIN_FILES; i++) {
      trainParts[i] = readRecords(dir.resolve("data_batch_" + (i + 1) + ".bin"));
    }
    ImageDataset train = toDataset(trainParts, norm);
    ImageDataset test = toDataset(new byte[][] {readRecords(dir.resolve("test_batch.bin"))}, norm);
    return new Datasets.TrainTest(train, test);
  }

  private static byte[] readRecords(Path file) {
    byte[] content = Datasets.readAll(file);
    if (content.length == 0 || content.length % RECORD != 0) {
      throw new InvalidInputException("dataset file " + file + " is truncated or not CIFAR-10 binary: " + content.length
          + " bytes is not a positive multiple of the " + RECORD + "-byte record (1 label byte + 3072 pixel bytes)");
    }
    for (int off = 0; off < content.length; off += RECORD) {
      int label = content[off] & 0xFF;
      if (label > 9) {
        throw new InvalidInputException("dataset file " + file + " is not CIFAR-10 binary: record " + (off / RECORD)
            + " has label " + label + " (expected 0..9)");
      }
    }
    return content;
  }

  private static ImageDataset toDataset(byte[][] parts, Normalisation norm) {
    int count = 0;
    for (byte[] p : parts) {
      count += p.length / RECORD;
    }
    int imageSize = RECORD - 1;
    byte[] pixels = new byte[count * imageSize];
    int[] labels = new int[count];
    int n = 0;
    for (byte[] p : parts) {
      for (int off = 0; off < p.length; off += RECORD, n++) {
        labels[n] = p[off] & 0xFF;
        System.arraycopy(p, off + 1, pixels, n * imageSize, imageSize);
      }
    }
    return new InMemoryImageDataset(pixels, labels, 3, 32, 32, norm);
  }
}
