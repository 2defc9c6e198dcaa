package dev.unlearning.engine.stage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes output files atomically: into a hidden temporary file in the target directory, then renamed over the target,
 * so a crash leaves either the old file or the complete new one, never a half-written file under the final name.
 */
final class AtomicFiles {

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  static void write(Path target, byte[] content) throws IOException {
    write(target, out -> out.write(content));
  }

  static void write(Path target, Writer writer) throws IOException {
    // Not Files.createTempFile: its owner-only permissions would stick to the result after the rename.
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writer.write(out);
      }
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Renames {@code source} over {@code target}, atomically where the file system can. */
  static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
