package dev.unlearning.engine.data;

import dev.unlearning.api.DatasetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a dataset load reads, relative to the dataset directory ('/'-separated), sorted by code point (the byte
 * order of their UTF-8 names, as {@code LC_ALL=C sort}): IDX's four files (plain or .gz, as found), CIFAR-10's six
 * batches, an image folder's images in train/ and test/ (or val/) as its index lists them, other files left out.
 */
public final class DatasetFiles {

  private DatasetFiles() {}

  public static List<String> of(DatasetSpec spec, Path dir) {
    List<String> files = new ArrayList<>();
    switch (spec.getFormat()) {
      case DatasetSpec.FORMAT_IDX -> {
        for (String prefix : List.of("train", "t10k")) {
          for (String kind : List.of("-images-idx3-ubyte", "-labels-idx1-ubyte")) {
            files.add(dir.relativize(IdxDataset.find(dir, prefix + kind)).toString());
          }
        }
      }
      case DatasetSpec.FORMAT_CIFAR10 -> {
        for (int i = 1; i <= Cifar10BinaryDataset.TRAIN_FILES; i++) {
          files.add("data_batch_" + i + ".bin");
        }
        files.add("test_batch.bin");
      }
      case DatasetSpec.FORMAT_IMAGE_FOLDER -> {
        addImages(files, ImageFolderIndex.scan(dir.resolve("train")), "train/");
        Path test = ImageFolderDataset.testDir(dir);
        addImages(files, ImageFolderIndex.scan(test), test.getFileName() + "/");
      }
      default -> throw new IllegalArgumentException("format " + spec.getFormat());
    }
    files.sort(ImageFolderIndex.CODE_POINT_ORDER);
    return files;
  }

  private static void addImages(List<String> files, ImageFolderIndex index, String prefix) {
    for (int i = 0; i < index.size(); i++) {
      files.add(prefix + index.name(i));
    }
  }
}
