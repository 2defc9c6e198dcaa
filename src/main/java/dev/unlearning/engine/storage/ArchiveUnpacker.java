package dev.unlearning.engine.storage;

import dev.unlearning.api.ArchiveFormat;
import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a dataset archive (tar, tar.gz, zip; Apache Commons Compress) into a scratch directory. Only directories
 * and regular files are accepted: an entry that would land outside the directory, or a link, fails the run, and
 * every unpacked byte counts against the scratch budget, so an archive bomb stops at the limit.
 */
final class ArchiveUnpacker {

  private ArchiveUnpacker() {}

  /**
   * Unpacks {@code archive} into {@code dir} and returns the dataset's root: {@code dir}, or the one folder the
   * archive holds ({@code tar czf data.tgz fashion-mnist/} unpacks to {@code dir/fashion-mnist}).
   *
   * @throws InvalidInputException naming {@code field} and the location for a corrupt or unsafe archive, or one
   *     larger than the scratch space
   */
  static Path unpack(Path archive, ArchiveFormat format, Path dir, ScratchSpace scratch, String field, Location from) {
    try {
      if (format == ArchiveFormat.ZIP) {
        unzip(archive, dir, scratch, field, from);
      } else {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
            TarArchiveInputStream tar = new TarArchiveInputStream(
                format == ArchiveFormat.TAR_GZ ? new GzipCompressorInputStream(raw, true) : raw)) {
          for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            // Checked before isFile(), which holds for every entry that is not a directory.
            if (e.isSymbolicLink() || e.isLink()) {
              throw unsafe(field, from, e.getName(), "is a link");
            }
            if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
              throw unsafe(field, from, e.getName(), "is a device or pipe");
            }
            extract(e, tar, dir, scratch, field, from);
          }
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException(field + ": " + from.display() + " is not a readable " + format.name()
          .toLowerCase(Locale.ROOT).replace('_', '.') + " archive: " + e.getMessage(), e);
    }
    return root(dir);
  }

  private static void unzip(Path archive, Path dir, ScratchSpace scratch, String field, Location from)
      throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder(); entries.hasMoreElements(); ) {
        ZipArchiveEntry e = entries.nextElement();
        if (e.isUnixSymlink()) {
          throw unsafe(field, from, e.getName(), "is a link");
        }
        try (InputStream in = zip.getInputStream(e)) {
          extract(e, in, dir, scratch, field, from);
        }
      }
    }
  }

  private static void extract(ArchiveEntry e, InputStream in, Path dir, ScratchSpace scratch, String field,
      Location from) throws IOException {
    if (metadata(e.getName())) {
      return;
    }
    Path target = SafePaths.inside(dir, e.getName())
        .orElseThrow(() -> unsafe(field, from, e.getName(), "points outside the archive's folder"));
    if (e.isDirectory()) {
      Files.createDirectories(target);
      return;
    }
    Files.createDirectories(target.getParent());
    scratch.copy(in, target, field, from);
  }

  // macOS adds these to archives it makes; they are never data.
  private static boolean metadata(String name) {
    String n = name.replace('\\', '/');
    String last = n.endsWith("/") ? "" : n.substring(n.lastIndexOf('/') + 1);
    return n.startsWith("__MACOSX/") || last.startsWith("._") || last.equals(".DS_Store");
  }

  private static InvalidInputException unsafe(String field, Location from, String entry, String why) {
    return new InvalidInputException(field + ": archive " + from.display() + ": entry '" + entry + "' " + why
        + "; only plain files and folders are unpacked");
  }

  private static Path root(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      List<Path> all = children.toList();
      return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : dir;
    } catch (IOException e) {
      throw new InvalidInputException("cannot list unpacked archive in " + dir + ": " + e.getMessage(), e);
    }
  }
}
