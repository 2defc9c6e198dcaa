package dev.unlearning.engine.storage;

import dev.unlearning.api.ArchiveFormat;
import dev.unlearning.api.Location;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.Locations;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.UnlearningPipeline;
import dev.unlearning.engine.stage.Phases;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Every location scheme of a run: local paths, file:// and pvc:// as they are; s3:// and https:// downloaded to
 * scratch space (a dataset archive unpacked there), and an s3:// output staged in scratch space and uploaded once
 * complete. The S3 client is only made when an s3:// location is used. Close it after the run: that deletes the
 * scratch directory.
 */
public final class StorageLocations implements Locations, AutoCloseable {

  /** The one input that is a folder: a prefix or an archive. The others are single files. */
  static final String DATASET_FIELD = "spec.dataset.uri";

  private static final Logger LOG = Logger.getLogger(StorageLocations.class);

  private final Path pvcRoot;
  private final ScratchSpace scratch;
  private final Supplier<S3Storage> s3Factory;
  private final HttpFetcher http;
  private S3Storage s3;

  public StorageLocations(Path pvcRoot, ScratchSpace scratch, Supplier<S3Storage> s3Factory, HttpFetcher http) {
    this.pvcRoot = pvcRoot;
    this.scratch = scratch;
    this.s3Factory = s3Factory;
    this.http = http;
  }

  /**
   * Locations of a run on this machine or in the worker pod: scratch space under java.io.tmpdir (the scratch emptyDir
   * in the cluster) limited to {@code scratchLimit}, S3 configured by the AWS variables of {@code env}.
   */
  public static StorageLocations create(Path pvcRoot, UnaryOperator<String> env, OptionalLong scratchLimit,
      int maxConcurrentRequests) {
    RetryPolicy retry = RetryPolicy.DEFAULT;
    return new StorageLocations(pvcRoot, new ScratchSpace(Path.of(System.getProperty("java.io.tmpdir")), scratchLimit),
        () -> new S3Storage(S3Clients.fromEnvironment(env, retry), S3Storage.MULTIPART_THRESHOLD, S3Storage.PART_SIZE,
            () -> S3Clients.asyncFromEnvironment(env, retry, maxConcurrentRequests), maxConcurrentRequests),
        new HttpFetcher(HttpFetcher.defaultClient(), retry));
  }

  /** The local path of an input: the dataset folder, the model file, the forget indices file. */
  @Override
  public Path input(String field, String uri) {
    return input(field, uri, ProgressListener.NONE);
  }

  /** The same, reporting a folder download's objects and bytes to {@code progress} (phase fetch). */
  @Override
  public Path input(String field, String uri, ProgressListener progress) {
    Location from = parse(field, uri);
    if (!from.remote()) {
      return from.toLocalPath(pvcRoot);
    }
    long start = System.nanoTime();
    Path dir = scratch.newDirectory(field.substring(field.indexOf('.') + 1));
    Optional<ArchiveFormat> archive = DATASET_FIELD.equals(field) ? ArchiveFormat.of(from.path()) : Optional.empty();
    Path local;
    if (DATASET_FIELD.equals(field) && archive.isEmpty()) {
      s3().downloadPrefix(field, from, dir, scratch, progress, Phases.FETCH);
      local = dir;
    } else {
      Path file = dir.resolve(from.fileName().isEmpty() ? "download" : from.fileName());
      fetch(field, from, file);
      if (archive.isPresent()) {
        local = ArchiveUnpacker.unpack(file, archive.get(), scratch.newDirectory(dir.getFileName() + "-unpacked"),
            scratch, field, from);
        scratch.release(file);
      } else {
        local = file;
      }
    }
    LOG.infof("%s: fetched %s in %.1f s", field, from.display(), (System.nanoTime() - start) / 1e9);
    return local;
  }

  /** The local directory the run writes its output into: the location itself, or a scratch directory for s3://. */
  @Override
  public Path outputDir(String field, String uri) {
    Location to = parse(field, uri);
    if (to.scheme() == Location.Scheme.S3) {
      return scratch.newDirectory("output");
    }
    if (to.remote()) {
      throw new InvalidInputException(field + ": " + to.display() + " is read-only; write the output to a path, "
          + "pvc:// or s3://");
    }
    return to.toLocalPath(pvcRoot);
  }

  /** The file {@code name} at the output location: an object below an s3:// prefix, else a local file. */
  @Override
  public Optional<byte[]> outputFile(String field, String uri, String name) {
    Location at = parse(field, uri);
    if (at.scheme() == Location.Scheme.S3) {
      return s3().readIfExists(field, at, name);
    }
    return at.remote() ? Optional.empty() : Locations.localFile(at.toLocalPath(pvcRoot), name);
  }

  /** Uploads the complete output directory to an s3:// location, result.json last; nothing to do otherwise. */
  @Override
  public void publish(String field, String uri, Path localDir) {
    Location to = parse(field, uri);
    if (to.scheme() == Location.Scheme.S3) {
      s3().uploadDirectory(field, to, localDir, UnlearningPipeline.RESULT_JSON);
    }
  }

  private void fetch(String field, Location from, Path file) {
    if (from.scheme() == Location.Scheme.S3) {
      s3().download(field, from, file, scratch);
    } else {
      http.download(field, from, file, scratch);
    }
  }

  private S3Storage s3() {
    if (s3 == null) {
      s3 = s3Factory.get();
    }
    return s3;
  }

  private static Location parse(String field, String uri) {
    try {
      return Location.parse(field, uri);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  /**
   * Deletes the scratch directory (downloads and staged output) and closes the S3 client. A directory that cannot be
   * deleted is logged, not thrown: the run's outcome is already decided.
   */
  @Override
  public void close() {
    try {
      scratch.close();
    } catch (UncheckedIOException e) {
      LOG.warn(e.getMessage() + ": " + e.getCause().getMessage());
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }
}
