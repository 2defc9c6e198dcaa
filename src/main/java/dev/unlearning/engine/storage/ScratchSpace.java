package dev.unlearning.engine.storage;

import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One run's directory for downloads and staged output, with a byte budget: the request's spec.job.scratchSize in the
 * cluster (the emptyDir's size limit, which the kubelet enforces by evicting the pod), and always the free space of
 * the file system. Every byte written through {@link #copy} counts, so a download that does not fit fails with exit
 * code 2 and a message naming the location, before the pod is evicted or the disk fills up. Deleted on close.
 */
public final class ScratchSpace implements Closeable {

  private static final int BUFFER = 1 << 16;

  private final Path parent;
  private final long limit;
  private final String limitName;
  private Path root;
  private long used;

  /**
   * @param parent where the run's directory is made (java.io.tmpdir; in the cluster the scratch emptyDir)
   * @param limit spec.job.scratchSize in bytes, when set
   */
  public ScratchSpace(Path parent, OptionalLong limit) {
    this.parent = parent;
    this.limit = limit.orElse(Long.MAX_VALUE);
    this.limitName = limit.isPresent() ? "the " + human(this.limit) + " of scratch space (spec.job.scratchSize)"
        : "the free space in " + parent;
  }

  /** A new empty directory for one download or for the staged output; the run's directory is made on first use. */
  public Path newDirectory(String name) {
    try {
      if (root == null) {
        Files.createDirectories(parent);
        root = Files.createTempDirectory(parent, "unlearning-");
      }
      return Files.createDirectories(root.resolve(name));
    } catch (IOException e) {
      throw new InvalidInputException("scratch space " + parent + " is not writable: " + e.getMessage(), e);
    }
  }

  /** Fails when {@code bytes} more (a size known before the download) would not fit. */
  public void checkFits(long bytes, String field, Location location) {
    if (bytes > remaining()) {
      throw tooLarge(field, location, bytes);
    }
  }

  /**
   * Writes {@code in} to a new file {@code target}, counting every byte against the budget.
   *
   * @return the number of bytes written
   * @throws InvalidInputException when the budget runs out (the partial file is deleted)
   * @throws IOException when reading or writing fails (the partial file is deleted)
   */
  public long copy(InputStream in, Path target, String field, Location location) throws IOException {
    long written = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[BUFFER];
      long left = remaining();
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (n > left) {
          throw tooLarge(field, location, written + n);
        }
        out.write(buffer, 0, n);
        written += n;
        used += n;
        left -= n;
      }
      return written;
    } catch (IOException | RuntimeException e) {
      used -= written;
      Files.deleteIfExists(target);
      throw e;
    }
  }

  /** Counts {@code bytes} written by others (the transfer manager writes its files itself) against the budget. */
  public void account(long bytes) {
    used += bytes;
  }

  /** Deletes a file or directory this run no longer needs (a downloaded archive once unpacked) and frees its bytes. */
  public void release(Path path) {
    try {
      used -= deleteTree(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path + " from scratch space", e);
    }
  }

  /** Bytes of scratch space this run has written and not released. */
  public long used() {
    return used;
  }

  private long remaining() {
    long free;
    try {
      free = Files.getFileStore(root != null ? root : parent).getUsableSpace();
    } catch (IOException e) {
      free = Long.MAX_VALUE;
    }
    return Math.min(limit - used, free);
  }

  private InvalidInputException tooLarge(String field, Location location, long bytes) {
    return new InvalidInputException(field + ": " + location.display() + " needs " + (bytes == Long.MAX_VALUE ? "more"
        : "at least " + human(bytes)) + ", more than is left of " + limitName + " (" + human(Math.max(0, remaining()))
        + " left); raise spec.job.scratchSize or free space");
  }

  /** Deletes the run's directory and everything in it. */
  @Override
  public void close() {
    if (root != null) {
      try {
        deleteTree(root);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete scratch directory " + root, e);
      }
      root = null;
      used = 0;
    }
  }

  private static long deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return 0;
    }
    long bytes = 0;
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isRegularFile(p)) {
          bytes += Files.size(p);
        }
        Files.delete(p);
      }
    }
    return bytes;
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
