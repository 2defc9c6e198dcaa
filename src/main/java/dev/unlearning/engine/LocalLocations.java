package dev.unlearning.engine;

import dev.unlearning.api.Location;
import dev.unlearning.api.SpecValidationException;
import java.nio.file.Path;
import java.util.Optional;

/** Locations already on this machine: a path, a file:// URI, or a pvc:// URI on a claim mounted under a root. */
final class LocalLocations implements Locations {

  private final Path pvcRoot;

  LocalLocations(Path pvcRoot) {
    this.pvcRoot = pvcRoot;
  }

  @Override
  public Path input(String field, String uri) {
    return resolve(field, uri);
  }

  @Override
  public Path outputDir(String field, String uri) {
    return resolve(field, uri);
  }

  @Override
  public Optional<byte[]> outputFile(String field, String uri, String name) {
    return Locations.localFile(resolve(field, uri), name);
  }

  private Path resolve(String field, String uri) {
    try {
      return Location.parse(field, uri).toLocalPath(pvcRoot);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }
}
