package dev.unlearning.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.DebianPython;
import dev.unlearning.engine.model.ModelIO;
import dev.unlearning.engine.split.ForgetSplit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** format image-folder: torchvision's sample order, the pixels of the IDX originals, grey and RGB, val/ for test/. */
class ImageFolderDatasetTest {

  static final Path SCRIPTS = Path.of("src/test/resources/imagefolder");
  static final Path FASHION_MNIST = Path.of("k8s/data/fashion-mnist-10k");
  static final List<String> FASHION = List.of("T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
      "Sneaker", "Bag", "Ankle_boot");
  static final NormalizeSpec FASHION_NORM = new NormalizeSpec(List.of(0.2860), List.of(0.3530));

  @TempDir
  Path tmp;

  static DatasetSpec folderSpec(Integer channels, NormalizeSpec normalize) {
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetSpec.FORMAT_IMAGE_FOLDER);
    spec.setChannels(channels);
    spec.setNormalize(normalize);
    return spec;
  }

  /** A small PNG of one grey value (the file's content does not matter to the order). */
  static void png(Path file, int width, int height, int grey) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSamples(0, 0, width, height, 0, filled(width * height, grey));
    ImageIO.write(img, "png", file.toFile());
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }

  @Test
  void sampleOrderAndClassIndicesAreTorchvisionImageFolders() throws IOException {
    DebianPython.require("python3-torchvision", "torchvision");
    // Class names whose order differs between naive choices: digits vs letters, case, accents, a character above
    // U+FFFF (Java's String.compareTo would put it before U+FF01, Python's sorted after).
    List<String> classes = List.of("ankle", "Bag", "10", "9", "\u00e9t\u00e9", "\uff01wide", "\ud83d\ude00emoji");
    Path train = tmp.resolve("data/train");
    for (String c : classes) {
      for (String f : List.of("b.png", "A.PNG", "a.jpg", "sub/c.png", "sub-2/d.png", "sub/deeper/e.bmp", ".hidden.png",
          "B10.png", "B9.png")) {
        png(train.resolve(c).resolve(f), 4, 3, 7);
      }
      Files.writeString(train.resolve(c).resolve("notes.txt"), "not an image: skipped, as torchvision skips it");
      png(tmp.resolve("data/test").resolve(c).resolve("x.png"), 4, 3, 7);
    }
    JsonNode tv = new ObjectMapper().readTree(DebianPython.run(SCRIPTS.resolve("torchvision_order.py"),
        train.toString()));

    ImageFolderDataset ours = (ImageFolderDataset) Datasets.load(folderSpec(null, null), tmp.resolve("data")).train();
    List<String> tvClasses = new ArrayList<>();
    tv.get("classes").forEach(n -> tvClasses.add(n.asText()));
    assertThat(ours.classes()).containsExactlyElementsOf(tvClasses);
    for (int c = 0; c < tvClasses.size(); c++) {
      assertThat(tv.get("class_to_idx").get(tvClasses.get(c)).asInt()).isEqualTo(c);
    }
    JsonNode samples = tv.get("samples");
    assertThat(ours.size()).isEqualTo(samples.size()).isEqualTo(classes.size() * 9);
    for (int i = 0; i < ours.size(); i++) {
      String relative = train.relativize(ours.file(i)).toString();
      assertThat(relative).as("sample %d", i).isEqualTo(samples.get(i).get(0).asText());
      assertThat(ours.label(i)).as("label of %s", relative).isEqualTo(samples.get(i).get(1).asInt());
    }
  }

  @Test
  void greyPngFolderGivesExactlyTheIdxPixelsInBatchesAndThroughTheReader() throws IOException {
    DebianPython.require("python3-pil", "PIL");
    Path folder = tmp.resolve("fmnist");
    DebianPython.run(SCRIPTS.resolve("fashion_mnist_folder.py"), FASHION_MNIST.toString(), folder.toString(),
        "--per-class", "4");
    DatasetSpec idxSpec = new DatasetSpec();
    idxSpec.setFormat(DatasetSpec.FORMAT_IDX);
    idxSpec.setNormalize(FASHION_NORM);
    Datasets.TrainTest idx = Datasets.load(idxSpec, FASHION_MNIST);
    Datasets.TrainTest png = Datasets.load(folderSpec(1, FASHION_NORM), folder);
    assertThat(png.train().size()).isEqualTo(40);
    assertThat(png.test().size()).isEqualTo(40);
    assertThat(png.train().inputShape(2).getShape()).containsExactly(2, 1, 28, 28);
    List<String> sorted = FASHION.stream().sorted().toList();
    ImageFolderDataset train = (ImageFolderDataset) png.train();
    int[] original = new int[train.size()];
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      for (int i = 0; i < train.size(); i++) {
        original[i] = Integer.parseInt(train.file(i).getFileName().toString().replace(".png", ""));
        // The class index is the position of the class name in sorted order, not the IDX label.
        assertThat(train.label(i)).isEqualTo(sorted.indexOf(FASHION.get(idx.train().label(original[i]))));
        assertThat(train.batch(m, new int[] {i}, 0, 1).get(0).toFloatArray())
            .containsExactly(idx.train().batch(m, new int[] {original[i]}, 0, 1).get(0).toFloatArray());
      }
      // The prefetching reader gives the same batches, in the requested (shuffled) order.
      int[] order = ForgetSplit.permutation(train.size(), 5);
      int batches = 0;
      try (BatchReader reader = train.reader(order, 7)) {
        assertThat(reader.batches()).isEqualTo(6);
        for (int from = 0; from < order.length; from += 7, batches++) {
          int to = Math.min(order.length, from + 7);
          NDList got = reader.next(m);
          int[] mapped = Arrays.stream(order, from, to).map(i -> original[i]).toArray();
          assertThat(got.get(0).toFloatArray())
              .containsExactly(idx.train().batch(m, mapped, 0, mapped.length).get(0).toFloatArray());
          assertThat(got.get(1).toLongArray())
              .containsExactly(Arrays.stream(order, from, to).mapToLong(train::label).toArray());
        }
      }
      assertThat(batches).isEqualTo(6);
    }
  }

  @Test
  void tintedRgbFolderWithValSplitReadsAsRgbOrGrey() throws IOException {
    DebianPython.require("python3-pil", "PIL");
    Path folder = tmp.resolve("tinted");
    DebianPython.run(SCRIPTS.resolve("fashion_mnist_folder.py"), FASHION_MNIST.toString(), folder.toString(),
        "--per-class", "1", "--mode", "tinted", "--test-name", "val");
    Datasets.TrainTest rgb = Datasets.load(folderSpec(null, null), folder);
    Datasets.TrainTest grey = Datasets.load(folderSpec(1, null), folder);
    assertThat(rgb.test().size()).isEqualTo(10);
    assertThat(rgb.train().inputShape(1).getShape()).containsExactly(1, 3, 28, 28);
    ImageDataset idx = Datasets.load(DatasetSpec.FORMAT_IDX, FASHION_MNIST, new NormalizeSpec(List.of(0.0),
        List.of(1.0))).train();
    ImageFolderDataset train = (ImageFolderDataset) rgb.train();
    // Sample 0 is the first file of the first class in sorted order: an Ankle_boot, tint (0.8, 0.8, 0.8).
    int original = Integer.parseInt(train.file(0).getFileName().toString().replace(".png", ""));
    assertThat(train.classes().get(0)).isEqualTo("Ankle_boot");
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      float[] source = idx.batch(m, new int[] {original}, 0, 1).get(0).toFloatArray();
      float[] colour = train.batch(m, new int[] {0}, 0, 1).get(0).toFloatArray();
      float[] luma = grey.train().batch(m, new int[] {0}, 0, 1).get(0).toFloatArray();
      assertThat(colour).hasSize(3 * 784);
      for (int p = 0; p < 784; p++) {
        int g = Math.round(source[p] * 255);
        int tinted = Math.round(g * 0.8f);
        for (int c = 0; c < 3; c++) {
          // Without spec.dataset.normalize an image folder is scaled to [0,1] only.
          assertThat(Math.round(colour[c * 784 + p] * 255)).isEqualTo(tinted);
        }
        assertThat(Math.round(luma[p] * 255)).isEqualTo(tinted); // grey of an equal-channel colour is that value
      }
    }
  }
}
