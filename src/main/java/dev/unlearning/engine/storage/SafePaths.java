package dev.unlearning.engine.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps a name from outside (an archive entry, an S3 key below a prefix) to a path inside a directory, refusing any
 * name that would land elsewhere ("zip slip": {@code ../../etc/passwd}, {@code /etc/passwd}, {@code C:\...}).
 */
final class SafePaths {

  private SafePaths() {}

  /** The path of {@code name} below {@code dir}, or empty when the name is absolute or climbs out of it. */
  static Optional<Path> inside(Path dir, String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    for (String segment : n.split("/")) {
      if (segment.equals("..")) {
        return Optional.empty();
      }
    }
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(n).normalize();
    return p.startsWith(base) && !p.equals(base) ? Optional.of(p) : Optional.empty();
  }
}
