package dev.unlearning.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Dataset archives the worker unpacks to scratch space, known by the end of their name. */
public enum ArchiveFormat {
  TAR(".tar"),
  TAR_GZ(".tar.gz", ".tgz"),
  ZIP(".zip");

  private final List<String> suffixes;

  ArchiveFormat(String... suffixes) {
    this.suffixes = List.of(suffixes);
  }

  /** The format of a file or URL path by its suffix (case-insensitive), if it names an archive. */
  public static Optional<ArchiveFormat> of(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (ArchiveFormat f : values()) {
      if (f.suffixes.stream().anyMatch(lower::endsWith)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The suffixes of every format, for messages. */
  public static String suffixes() {
    return "." + String.join(", .", List.of("tar", "tar.gz", "tgz", "zip"));
  }
}
