package dev.unlearning.engine.data;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Loads the training and test split of a dataset directory in one of the supported formats. */
public final class Datasets {

  private Datasets() {}

  /** A training set and a test set of the same image shape. */
  public record TrainTest(ImageDataset train, ImageDataset test) {}

  public static TrainTest load(String format, Path dir, NormalizeSpec normalize) {
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(format);
    spec.setNormalize(normalize);
    return load(spec, dir);
  }

  /** Loads {@code dir} as spec.dataset describes it (its uri already resolved to {@code dir}). */
  public static TrainTest load(DatasetSpec spec, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("spec.dataset.uri: dataset directory " + dir + " does not exist or is not a directory");
    }
    return switch (spec.getFormat()) {
      case DatasetSpec.FORMAT_IDX -> IdxDataset.load(dir, spec.getNormalize());
      case DatasetSpec.FORMAT_CIFAR10 -> Cifar10BinaryDataset.load(dir, spec.getNormalize());
      case DatasetSpec.FORMAT_IMAGE_FOLDER -> ImageFolderDataset.load(dir, spec);
      default -> throw new InvalidInputException("spec.dataset.format: unsupported format '" + spec.getFormat() + "'");
    };
  }

  /** The whole content of a file, gunzipped when its name ends in .gz; errors name the file. */
  static byte[] readAll(Path file) {
    try (InputStream raw = Files.newInputStream(file)) {
      if (file.getFileName().toString().endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
          return in.readAllBytes();
        }
      }
      return raw.readAllBytes();
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("dataset file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new InvalidInputException("dataset file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  static int[] toLabels(byte[] bytes, int offset, int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[offset + i] & 0xFF;
    }
    return labels;
  }
}
