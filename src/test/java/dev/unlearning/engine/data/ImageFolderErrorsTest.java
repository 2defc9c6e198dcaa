package dev.unlearning.engine.data;

import static dev.unlearning.engine.data.ImageFolderDatasetTest.folderSpec;
import static dev.unlearning.engine.data.ImageFolderDatasetTest.png;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.model.ModelIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way an image folder can be wrong fails the load (exit code 2) with a message naming the file or folder. */
class ImageFolderErrorsTest {

  @TempDir
  Path tmp;

  Path data;

  @BeforeEach
  void twoClasses() throws IOException {
    data = tmp.resolve("data");
    for (String split : List.of("train", "test")) {
      for (String c : List.of("cat", "dog")) {
        png(data.resolve(split).resolve(c).resolve("a.png"), 6, 4, 100);
        png(data.resolve(split).resolve(c).resolve("b.png"), 6, 4, 200);
      }
    }
  }

  private Datasets.TrainTest load(DatasetSpec spec) {
    return Datasets.load(spec, data);
  }

  private void fails(DatasetSpec spec, String... fragments) {
    assertThatThrownBy(() -> load(spec)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("spec.dataset.uri: ").hasMessageContainingAll(fragments);
  }

  @Test
  void theValidFolderLoads() {
    Datasets.TrainTest tt = load(folderSpec(null, null));
    assertThat(tt.train().size()).isEqualTo(4);
    assertThat(tt.train().label(1)).isZero();
    assertThat(tt.train().label(2)).isEqualTo(1);
    assertThat(tt.train().inputShape(1).getShape()).containsExactly(1, 3, 4, 6);
  }

  @Test
  void emptyClassFolderIsNamed() throws IOException {
    Path empty = Files.createDirectories(data.resolve("train/eel"));
    Files.writeString(empty.resolve("README.txt"), "no images here");
    fails(folderSpec(null, null), "class folder " + empty + " holds no image");
  }

  @Test
  void classFoldersDifferingBetweenTrainAndTestAreNamed() throws IOException {
    png(data.resolve("test/eel/a.png"), 6, 4, 1);
    fails(folderSpec(null, null), "class folder " + data.resolve("test/eel") + " has no counterpart in "
        + data.resolve("train"));
    png(data.resolve("train/eel/a.png"), 6, 4, 1);
    png(data.resolve("train/fox/a.png"), 6, 4, 1);
    fails(folderSpec(null, null), "class folder " + data.resolve("train/fox") + " has no counterpart in "
        + data.resolve("test"));
  }

  @Test
  void firstImageOfAnotherSizeIsNamedUnlessImageSizeIsSet() throws IOException {
    png(data.resolve("train/dog/c.png"), 5, 4, 1);
    png(data.resolve("train/cat/z.png"), 6, 5, 1);
    png(data.resolve("test/cat/z.png"), 3, 3, 1);
    // Sample order: cat/a, cat/b, cat/z, dog/a, ...: cat/z comes first although dog/c was written first.
    fails(folderSpec(null, null), "image " + data.resolve("train/cat/z.png") + " is 6x5", "spec.dataset.imageSize");

    DatasetSpec resized = folderSpec(1, null);
    resized.setImageSize(List.of(8, 10));
    Datasets.TrainTest tt = load(resized);
    assertThat(tt.train().inputShape(1).getShape()).containsExactly(1, 1, 8, 10);
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      float[] flat = tt.train().batch(m, new int[] {1}, 0, 1).get(0).toFloatArray();
      assertThat(flat).hasSize(80);
      for (float v : flat) {
        assertThat(v).isCloseTo(200 / 255f, org.assertj.core.api.Assertions.within(1e-6f));
      }
    }
  }

  @Test
  void corruptImageFailsTheLoadOrItsBatchNamingIt() throws IOException {
    Path corrupt = Files.writeString(data.resolve("train/dog/broken.png"), "\u0089PNG but not really");
    fails(folderSpec(null, null), "image " + corrupt);

    // With imageSize no header is read up front: the batch holding the file fails, on the caller's thread.
    DatasetSpec resized = folderSpec(null, null);
    resized.setImageSize(List.of(4, 6));
    ImageDataset train = load(resized).train();
    int[] all = train.allIndices();
    try (NDManager m = ModelIO.engine().newBaseManager(); BatchReader reader = train.reader(all, 2)) {
      reader.next(m); // cat/a, cat/b
      reader.next(m); // dog/a, dog/b
      assertThatThrownBy(() -> reader.next(m)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("image " + corrupt + " is");
    }
  }

  @Test
  void imageTypesTorchvisionCountsButThisWorkerCannotDecodeAreNamed() throws IOException {
    Path webp = Files.write(data.resolve("train/cat/c.webp"), new byte[] {1, 2, 3});
    fails(folderSpec(null, null), "image " + webp + " is of a type this worker cannot decode (.webp)");
  }

  @Test
  void splitFoldersAreRequired() throws IOException {
    png(data.resolve("val/cat/a.png"), 6, 4, 1);
    fails(folderSpec(null, null), data + " has both test/ and val/");
    Files.move(data.resolve("train"), tmp.resolve("elsewhere"));
    fails(folderSpec(null, null), data + " has no train/ folder");
    Files.move(tmp.resolve("elsewhere"), data.resolve("train"));
    Files.walk(data.resolve("val")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    Files.walk(data.resolve("test")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    fails(folderSpec(null, null), data + " has no test/ (or val/) folder");
  }

  @Test
  void normalisationMustHaveOneValuePerChannel() {
    assertThatThrownBy(() -> load(folderSpec(3, new NormalizeSpec(List.of(0.5), List.of(0.2)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.dataset.normalize: the images have 3 channel(s)");
  }
}
