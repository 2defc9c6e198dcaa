package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.dataset.channels and spec.dataset.imageSize: read from the request, checked, image-folder only. */
class ImageFolderSpecTest {

  static UnlearningRequestSpec folder() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.getDataset().setFormat(DatasetSpec.FORMAT_IMAGE_FOLDER);
    return spec;
  }

  static List<String> messages(UnlearningRequestSpec spec) {
    return RequestValidator.problems(spec).stream().map(Throwable::getMessage).toList();
  }

  @Test
  void readsTheFieldsAndDefaultsToRgbAtTheImagesOwnSize() throws Exception {
    DatasetSpec d = new ObjectMapper().readValue(
        "{\"format\": \"image-folder\", \"uri\": \"/data/pets\", \"channels\": 1, \"imageSize\": [32, 48]}",
        DatasetSpec.class);
    assertThat(d.effectiveChannels()).isEqualTo(1);
    assertThat(d.getImageSize()).containsExactly(32, 48);
    UnlearningRequestSpec spec = folder();
    assertThat(spec.getDataset().effectiveChannels()).isEqualTo(3);
    assertThat(spec.getDataset().getImageSize()).isNull();
    assertThat(messages(spec)).isEmpty();
    spec.getDataset().setChannels(1);
    spec.getDataset().setImageSize(List.of(32, 32));
    assertThat(messages(spec)).isEmpty();
  }

  @Test
  void channelsOtherThanOneOrThreeAreRefused() {
    for (int bad : new int[] {0, 2, 4}) {
      UnlearningRequestSpec spec = folder();
      spec.getDataset().setChannels(bad);
      assertThat(messages(spec)).containsExactly("spec.dataset.channels: channels must be 1 (grey) or 3 (RGB) (got "
          + bad + ")");
    }
  }

  @Test
  void imageSizeNeedsTwoPositiveValues() {
    for (List<Integer> bad : List.of(List.of(32), List.of(32, 32, 3))) {
      UnlearningRequestSpec spec = folder();
      spec.getDataset().setImageSize(bad);
      assertThat(messages(spec)).containsExactly("spec.dataset.imageSize: must have exactly 2 items (got " + bad.size()
          + ")");
    }
    for (List<Integer> bad : List.of(List.of(0, 32), List.of(32, -1))) {
      UnlearningRequestSpec spec = folder();
      spec.getDataset().setImageSize(bad);
      assertThat(messages(spec)).containsExactly("spec.dataset.imageSize: imageSize values must be >= 1");
    }
  }

  @Test
  void otherFormatsRefuseTheFieldsInsteadOfIgnoringThem() {
    UnlearningRequestSpec spec = RetainSampleFractionTest.valid();
    spec.getDataset().setChannels(3);
    spec.getDataset().setImageSize(List.of(28, 28));
    assertThat(messages(spec)).containsExactly("spec.dataset: channels and imageSize apply to format image-folder only");
  }
}
