package dev.unlearning.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.data.Datasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locations of one run: local ones as they are, https:// downloaded into scratch space (a dataset archive
 * unpacked there and the archive freed), everything deleted on close. S3 is covered by S3StorageTest and the worker's
 * end-to-end test.
 */
class StorageLocationsTest {

  @TempDir
  Path dir;

  @AutoClose
  LocalHttpServer server = LocalHttpServer.http();

  StorageLocationsTest() throws Exception {}

  private StorageLocations locations(ScratchSpace scratch) {
    return new StorageLocations(dir.resolve("pvc"), scratch, () -> {
      throw new AssertionError("no s3:// location here");
    }, new HttpFetcher(HttpFetcher.defaultClient(), new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10))));
  }

  @Test
  void localLocationsStayWhereTheyAre() {
    try (StorageLocations l = locations(new ScratchSpace(dir.resolve("tmp"), OptionalLong.empty()))) {
      assertThat(l.input("spec.dataset.uri", "pvc://datasets/fmnist")).isEqualTo(dir.resolve("pvc/datasets/fmnist"));
      assertThat(l.input("spec.model.uri", "/models/cnn.pt")).isEqualTo(Path.of("/models/cnn.pt"));
      assertThat(l.outputDir("spec.output.uri", "file:///results/run-1")).isEqualTo(Path.of("/results/run-1"));
      l.publish("spec.output.uri", "file:///results/run-1", Path.of("/results/run-1"));
    }
    assertThat(dir.resolve("tmp")).doesNotExist();
  }

  @Test
  void downloadsAModelAndUnpacksADatasetArchiveIntoScratchSpaceDeletedOnClose() throws Exception {
    server.file("/m/tiny-cnn.pt", "model".getBytes()).file("/d/fmnist.tgz", Archives.tar(Map.of(
        "fmnist/train-images-idx3-ubyte", new byte[1000], "fmnist/train-labels-idx1-ubyte", new byte[100]), true));
    ScratchSpace scratch = new ScratchSpace(dir.resolve("tmp"), OptionalLong.of(1 << 20));
    Path model;
    Path dataset;
    try (StorageLocations l = locations(scratch)) {
      model = l.input("spec.model.uri", server.url("/m/tiny-cnn.pt?sig=abc"));
      dataset = l.input("spec.dataset.uri", server.url("/d/fmnist.tgz"));
      assertThat(model.getFileName().toString()).isEqualTo("tiny-cnn.pt");
      assertThat(model).hasContent("model");
      assertThat(dataset.getFileName().toString()).isEqualTo("fmnist");
      assertThat(dataset.resolve("train-images-idx3-ubyte")).hasSize(1000);
      assertThat(scratch.used()).as("the archive is freed once unpacked").isEqualTo(5 + 1000 + 100);
      assertThat(model.startsWith(dir.resolve("tmp"))).isTrue();
    }
    assertThat(model).doesNotExist();
    assertThat(dataset).doesNotExist();
  }

  @Test
  void anImageFolderArchiveKeepsItsLayout() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String f : new String[] {"train/cat/a.png", "train/dog/b.png", "train/dog/c.png", "val/cat/d.png",
        "val/dog/e.png"}) {
      files.put("pets/" + f, png(f.length()));
    }
    server.file("/d/pets.zip", Archives.zip(files));
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetSpec.FORMAT_IMAGE_FOLDER);
    spec.setChannels(1);
    try (StorageLocations l = locations(new ScratchSpace(dir.resolve("tmp"), OptionalLong.empty()))) {
      Datasets.TrainTest data = Datasets.load(spec, l.input("spec.dataset.uri", server.url("/d/pets.zip")));
      assertThat(data.train().size()).isEqualTo(3);
      assertThat(data.test().size()).isEqualTo(2);
      assertThat(new int[] {data.train().label(0), data.train().label(1), data.train().label(2)})
          .containsExactly(0, 1, 1);
    }
  }

  private static byte[] png(int grey) throws Exception {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(0, 0, 0, grey);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void anHttpsOutputIsRefused() {
    try (StorageLocations l = locations(new ScratchSpace(dir.resolve("tmp"), OptionalLong.empty()))) {
      assertThatThrownBy(() -> l.outputDir("spec.output.uri", "https://results.example.com/run?token=t"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.output.uri: https://results.example.com/run?... is read-only; write the output to a path, "
              + "pvc:// or s3://");
    }
  }
}
