package dev.unlearning.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The repository's own files, relative to its root (the build's working directory), without outputs and scratch. */
final class RepositoryFiles {

  private static final List<String> NOT_OURS = List.of("target", ".git", "bench/results", "bench/models",
      "bench/data", "node_modules", ".ci/cache");

  private RepositoryFiles() {}

  static List<Path> matching(Predicate<Path> wanted) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("."))) {
      return files.filter(Files::isRegularFile).map(p -> Path.of(".").relativize(p))
          .filter(p -> NOT_OURS.stream().noneMatch(p::startsWith))
          .filter(wanted).sorted().toList();
    }
  }
}
