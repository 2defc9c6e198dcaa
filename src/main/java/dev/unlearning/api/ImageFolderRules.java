package dev.unlearning.api;

import java.util.List;

/** The checks of spec.dataset.channels and spec.dataset.imageSize (SpecValidator's part for format image-folder). */
final class ImageFolderRules {

  private ImageFolderRules() {}

  static void check(List<SpecValidationException> out, DatasetSpec dataset) {
    boolean folder = DatasetSpec.FORMAT_IMAGE_FOLDER.equals(dataset.getFormat());
    Integer channels = dataset.getChannels();
    if (channels != null && !folder) {
      out.add(new SpecValidationException("spec.dataset.channels", "applies to format image-folder only"));
    } else if (channels != null && channels != 1 && channels != 3) {
      out.add(new SpecValidationException("spec.dataset.channels", "must be 1 (grey) or 3 (RGB) (got " + channels + ")"));
    }
    List<Integer> size = dataset.getImageSize();
    if (size != null && !folder) {
      out.add(new SpecValidationException("spec.dataset.imageSize", "applies to format image-folder only"));
    } else if (size != null && (size.size() != 2 || size.stream().anyMatch(s -> s == null || s < 1))) {
      out.add(new SpecValidationException("spec.dataset.imageSize", "must be [height, width], both >= 1 (got " + size
          + ")"));
    }
  }
}
