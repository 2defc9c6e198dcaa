package dev.unlearning.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.model.ModelIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoadingTest {

  @TempDir
  Path tmp;

  private final TestData data = new TestData(3, 6, 30, 9, 0, 5);

  @Test
  void readsGzippedAndPlainIdx() throws IOException {
    for (boolean gz : new boolean[] {true, false}) {
      Path dir = tmp.resolve("idx-" + gz);
      data.writeIdx(dir, gz);
      Datasets.TrainTest tt = Datasets.load(DatasetSpec.FORMAT_IDX, dir, null);
      assertThat(tt.train().size()).isEqualTo(30);
      assertThat(tt.test().size()).isEqualTo(9);
      assertThat(tt.train().channels()).isEqualTo(1);
      assertThat(tt.train().height()).isEqualTo(6);
      assertThat(tt.train().label(4)).isEqualTo(data.trainLabels[4]);
    }
  }

  @Test
  void batchesAreNormalisedPerChannel() throws IOException {
    Path dir = tmp.resolve("idx");
    data.writeIdx(dir, false);
    ImageDataset train = Datasets.load(DatasetSpec.FORMAT_IDX, dir, null).train();
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      NDList b = train.batch(m, new int[] {2, 7}, 0, 2);
      assertThat(b.get(0).getShape().getShape()).containsExactly(2, 1, 6, 6);
      float[] x = b.get(0).toFloatArray();
      int pixel = data.trainPixels[7 * 36 + 5] & 0xFF;
      // Fashion-MNIST defaults: mean 0.2860, std 0.3530
      assertThat(x[36 + 5]).isCloseTo((pixel / 255f - 0.2860f) / 0.3530f, within(1e-5f));
      assertThat(b.get(1).toLongArray()).containsExactly(data.trainLabels[2], data.trainLabels[7]);
    }
    ImageDataset custom = Datasets.load(DatasetSpec.FORMAT_IDX, dir, new NormalizeSpec(List.of(0.5), List.of(0.25)))
        .train();
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      float v = custom.batch(m, new int[] {0}, 0, 1).get(0).toFloatArray()[0];
      assertThat(v).isCloseTo(((data.trainPixels[0] & 0xFF) / 255f - 0.5f) / 0.25f, within(1e-5f));
    }
  }

  @Test
  void idxErrorsNameTheFile() throws IOException {
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, tmp.resolve("nope"), null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("spec.dataset.uri").hasMessageContaining("nope");

    Path missing = tmp.resolve("missing");
    data.writeIdx(missing, true);
    Files.delete(missing.resolve("t10k-labels-idx1-ubyte.gz"));
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, missing, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("t10k-labels-idx1-ubyte");

    Path magic = tmp.resolve("magic");
    data.writeIdx(magic, false);
    byte[] labels = Files.readAllBytes(magic.resolve("train-labels-idx1-ubyte"));
    labels[3] = 0x03; // 0x803 is the images magic
    Files.write(magic.resolve("train-labels-idx1-ubyte"), labels);
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, magic, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("train-labels-idx1-ubyte")
        .hasMessageContaining("magic");

    Path truncated = tmp.resolve("truncated");
    data.writeIdx(truncated, true);
    byte[] images = TestData.idxImages(data.trainPixels, 30, 6);
    TestData.writeFile(truncated.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(images, images.length - 10), true);
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, truncated, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining("truncated");

    Path mismatch = tmp.resolve("mismatch");
    data.writeIdx(mismatch, false);
    Files.write(mismatch.resolve("t10k-labels-idx1-ubyte"), TestData.idxLabels(new int[] {0, 1, 2}));
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, mismatch, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("t10k-labels-idx1-ubyte")
        .hasMessageContaining("9 images but 3 labels");

    Path gzGarbage = tmp.resolve("garbage");
    data.writeIdx(gzGarbage, true);
    Files.write(gzGarbage.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, gzGarbage, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("t10k-images-idx3-ubyte.gz");
  }

  @Test
  void normalizeOverrideMustMatchChannels() throws IOException {
    Path dir = tmp.resolve("idx");
    data.writeIdx(dir, false);
    NormalizeSpec rgb = new NormalizeSpec(List.of(0.1, 0.2, 0.3), List.of(0.2, 0.2, 0.2));
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_IDX, dir, rgb))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("spec.dataset.normalize")
        .hasMessageContaining("1 channel");
  }

  @Test
  void readsCifar10Binary() throws IOException {
    Path dir = tmp.resolve("cifar");
    Files.createDirectories(dir);
    for (int f = 1; f <= 5; f++) {
      Files.write(dir.resolve("data_batch_" + f + ".bin"), cifarRecords(2, f));
    }
    Files.write(dir.resolve("test_batch.bin"), cifarRecords(3, 9));
    Datasets.TrainTest tt = Datasets.load(DatasetSpec.FORMAT_CIFAR10, dir, null);
    assertThat(tt.train().size()).isEqualTo(10);
    assertThat(tt.test().size()).isEqualTo(3);
    assertThat(tt.train().channels()).isEqualTo(3);
    assertThat(tt.train().label(2)).isEqualTo(2); // first record of data_batch_2
    try (NDManager m = ModelIO.engine().newBaseManager()) {
      float[] x = tt.train().batch(m, new int[] {2}, 0, 1).get(0).toFloatArray();
      // record label 2: every red pixel 2*10, green 2*10+1, blue 2*10+2
      assertThat(x[0]).isCloseTo((20 / 255f - 0.4914f) / 0.2023f, within(1e-5f));
      assertThat(x[1024]).isCloseTo((21 / 255f - 0.4822f) / 0.1994f, within(1e-5f));
      assertThat(x[2048]).isCloseTo((22 / 255f - 0.4465f) / 0.2010f, within(1e-5f));
    }

    byte[] cut = Arrays.copyOf(cifarRecords(2, 1), 3073 + 100);
    Files.write(dir.resolve("data_batch_4.bin"), cut);
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_CIFAR10, dir, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("data_batch_4.bin")
        .hasMessageContaining("truncated");
    Files.delete(dir.resolve("data_batch_4.bin"));
    assertThatThrownBy(() -> Datasets.load(DatasetSpec.FORMAT_CIFAR10, dir, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("data_batch_4.bin");
  }

  /** {@code n} records labelled {@code first, first+1, ...} (mod 10) whose channel c pixels are 10*label + c. */
  private static byte[] cifarRecords(int n, int first) {
    ByteBuffer b = ByteBuffer.allocate(n * 3073);
    for (int i = 0; i < n; i++) {
      int label = (first + i) % 10;
      b.put((byte) label);
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          b.put((byte) (10 * label + c));
        }
      }
    }
    return b.array();
  }
}
