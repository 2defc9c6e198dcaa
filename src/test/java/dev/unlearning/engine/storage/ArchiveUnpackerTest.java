package dev.unlearning.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.ArchiveFormat;
import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset archives: tar, tar.gz and zip unpack; escaping entries, links and archive bombs fail with exit code 2. */
class ArchiveUnpackerTest {

  static final String FIELD = "spec.dataset.uri";
  static final Location FROM = Location.parse(FIELD, "https://data.example.com/sets/fmnist.tar.gz");

  @TempDir
  Path dir;

  @AutoClose
  ScratchSpace scratch = new ScratchSpace(Path.of(System.getProperty("java.io.tmpdir")), OptionalLong.empty());

  private Path unpack(byte[] archive, ArchiveFormat format) throws Exception {
    Path file = scratch.newDirectory("download").resolve("archive");
    Files.write(file, archive);
    return ArchiveUnpacker.unpack(file, format, scratch.newDirectory("unpacked"), scratch, FIELD, FROM);
  }

  private static Map<String, byte[]> entries(String... nameAndContent) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndContent.length; i += 2) {
      m.put(nameAndContent[i], nameAndContent[i + 1].getBytes());
    }
    return m;
  }

  @Test
  void unpacksEachFormatAndEntersTheOneFolderAnArchiveHolds() throws Exception {
    Map<String, byte[]> files = entries("fmnist/train-images", "TI", "fmnist/t10k-labels", "TL",
        "__MACOSX/fmnist/._train-images", "resource fork", "fmnist/._t10k-labels", "AppleDouble");
    Map<ArchiveFormat, byte[]> archives = Map.of(ArchiveFormat.TAR, Archives.tar(files, false),
        ArchiveFormat.TAR_GZ, Archives.tar(files, true), ArchiveFormat.ZIP, Archives.zip(files));
    for (Map.Entry<ArchiveFormat, byte[]> archive : archives.entrySet()) {
      Path root = unpack(archive.getValue(), archive.getKey());
      assertThat(root.getFileName().toString()).isEqualTo("fmnist");
      assertThat(Files.readString(root.resolve("train-images"))).isEqualTo("TI");
      assertThat(Files.readString(root.resolve("t10k-labels"))).isEqualTo("TL");
      assertThat(root.resolve("._t10k-labels")).doesNotExist();
      assertThat(root.getParent().resolve("__MACOSX")).doesNotExist();
      scratch.release(root.getParent());
    }
  }

  @Test
  void filesAtTheTopStayInTheUnpackedFolder() throws Exception {
    Path root = unpack(Archives.zip(entries("train/0/a.png", "a", "test/0/b.png", "b")), ArchiveFormat.ZIP);
    assertThat(root.getFileName().toString()).isEqualTo("unpacked");
    assertThat(root.resolve("train/0/a.png")).hasContent("a");
  }

  @Test
  void entriesLeavingTheFolderAreRefused() {
    for (String evil : new String[] {"../evil.txt", "ok/../../evil.txt", "/etc/evil.txt"}) {
      assertThatThrownBy(() -> unpack(Archives.tar(entries(evil, "x"), true), ArchiveFormat.TAR_GZ))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(FIELD + ": archive https://data.example.com/sets/fmnist.tar.gz: entry '" + evil
              + "' points outside the archive's folder; only plain files and folders are unpacked");
      assertThatThrownBy(() -> unpack(Archives.zip(entries(evil, "x")), ArchiveFormat.ZIP))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("entry '" + evil + "' points outside the archive's folder");
    }
    assertThat(dir.resolve("evil.txt")).doesNotExist();
    assertThat(Path.of(System.getProperty("java.io.tmpdir"), "evil.txt")).doesNotExist();
  }

  @Test
  void linksAreRefused() {
    assertThatThrownBy(() -> unpack(Archives.tarWithSymlink("data/passwd", "/etc/passwd"), ArchiveFormat.TAR))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("entry 'data/passwd' is a link");
  }

  @Test
  void anArchiveUnpackingBeyondTheScratchSpaceStopsAtTheLimit() throws Exception {
    byte[] zeros = new byte[4 << 20];
    byte[] bomb = Archives.zip(Map.of("zeros.bin", zeros));
    assertThat(bomb.length).isLessThan(64 << 10);
    scratch = new ScratchSpace(dir.resolve("small"), OptionalLong.of(1 << 20));
    assertThatThrownBy(() -> unpack(bomb, ArchiveFormat.ZIP))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(FIELD + ": https://data.example.com/sets/fmnist.tar.gz needs at least ")
        .hasMessageContaining("more than is left of the 1.0 MiB of scratch space (spec.job.scratchSize)");
    assertThat(scratch.used()).isZero();
    assertThat(dir.resolve("small")).isDirectoryRecursivelyContaining(p -> p.endsWith("archive"))
        .isDirectoryNotContaining(p -> p.endsWith("zeros.bin"));
    scratch.close();
  }

  @Test
  void aCorruptArchiveIsInvalidInput() {
    assertThatThrownBy(() -> unpack("not a gzip stream".getBytes(), ArchiveFormat.TAR_GZ))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(FIELD + ": https://data.example.com/sets/fmnist.tar.gz is not a readable tar.gz archive: ");
    assertThatThrownBy(() -> unpack("PK not a zip".getBytes(), ArchiveFormat.ZIP))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(FIELD + ": https://data.example.com/sets/fmnist.tar.gz is not a readable zip archive: ");
  }
}
