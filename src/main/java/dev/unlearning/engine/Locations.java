package dev.unlearning.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the request's locations are on this machine: the one place that turns a URI of the spec into a local path.
 * The load stages ask it for the local path of each input before reading it; the save stage writes into the local
 * output directory it names and, once that directory is complete, calls {@link #publish}. {@link #local} resolves
 * plain paths, file:// and pvc:// (claims mounted under a root) and publishes nothing; a remote scheme (s3://,
 * https://) is another implementation that downloads in {@code input}, stages in {@code outputDir} and uploads in
 * {@code publish}.
 */
public interface Locations {

  /**
   * The local path of an input (dataset directory, model file, forget indices file).
   *
   * @param field the spec field, for error messages
   * @throws InvalidInputException when the location is malformed or cannot be fetched
   */
  Path input(String field, String uri);

  /** The same, reporting the progress of a long download (a folder of many objects) to {@code progress}. */
  default Path input(String field, String uri, ProgressListener progress) {
    return input(field, uri);
  }

  /** The local directory the run writes its output files into. */
  Path outputDir(String field, String uri);

  /**
   * The content of the file {@code name} (result.json) at the output location, when an earlier run left one there.
   * Read before anything is loaded, to tell whose output the location holds.
   */
  Optional<byte[]> outputFile(String field, String uri, String name);

  /**
   * Makes the complete output directory (result.json written last) available at {@code uri}. Called once per run,
   * after the save stage; a no-op when {@code localDir} already is that place.
   */
  default void publish(String field, String uri, Path localDir) {}

  /** The file {@code name} of a local directory, when it is there. */
  static Optional<byte[]> localFile(Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Plain paths, file:// and pvc://claim/path, the claims mounted at {@code pvcRoot}/claim. */
  static Locations local(Path pvcRoot) {
    return new LocalLocations(pvcRoot);
  }
}
