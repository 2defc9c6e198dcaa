package dev.unlearning.engine.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.engine.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset digest is what an auditor gets from sha256sum, and it covers exactly the files a run reads. */
class DatasetDigestTest {

  @TempDir
  Path dir;

  @Test
  void anImageFoldersDigestIsTheSha256sumManifestOfItsImages() throws Exception {
    Path folder = dir.resolve("folder");
    for (String split : List.of("train", "test")) {
      for (String cls : List.of("cat", "dog", "dog-2")) {
        for (int i = 0; i < 3; i++) {
          png(folder.resolve(split + "/" + cls + "/" + (i == 2 ? "deep/" : "") + "img-" + i + ".png"), i);
        }
      }
    }
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetSpec.FORMAT_IMAGE_FOLDER);
    DatasetDigest digest = DatasetDigest.of(spec, folder);

    assertThat(digest.files()).isEqualTo(18);
    assertThat(digest.sha256()).isEqualTo(shell(folder,
        "find train test -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1"));
    assertThat(digest.bytes()).isEqualTo(Long.parseLong(shell(folder, "cat $(find train test -type f) | wc -c")));

    // A file the run does not read leaves the digest alone; a changed image changes it.
    Files.writeString(folder.resolve("train/cat/notes.txt"), "not an image");
    assertThat(DatasetDigest.of(spec, folder)).isEqualTo(digest);
    png(folder.resolve("train/dog/img-0.png"), 7);
    assertThat(DatasetDigest.of(spec, folder).sha256()).isNotEqualTo(digest.sha256());
  }

  @Test
  void anIdxDatasetsDigestCoversItsFourFilesAsFound() throws Exception {
    Path idx = dir.resolve("idx");
    new TestData(3, 8, 30, 10, 0.0, 1).writeIdx(idx, true);
    Files.writeString(idx.resolve("README"), "ignored");
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetSpec.FORMAT_IDX);
    DatasetDigest digest = DatasetDigest.of(spec, idx);
    assertThat(digest.files()).isEqualTo(4);
    assertThat(digest.sha256()).isEqualTo(shell(idx,
        "sha256sum t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz"
            + " train-labels-idx1-ubyte.gz | sha256sum | cut -d' ' -f1"));
  }

  private static void png(Path file, int shade) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(shade % 4, 0, 0, 40 * shade);
    ImageIO.write(image, "png", file.toFile());
  }

  private static String shell(Path cwd, String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
