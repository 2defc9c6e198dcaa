package dev.unlearning.engine.evidence;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.engine.data.DatasetFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The digest of what a run read of its dataset: SHA-256 of a sha256sum manifest, one line {@code <sha256>  <path>\n}
 * per file read ({@link DatasetFiles}: relative paths sorted by byte), so an auditor recomputes it with standard tools,
 * e.g. {@code (cd DATASET && find train test -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum} for
 * an image folder holding images only. Files are hashed in parallel.
 *
 * @param sha256 the manifest's SHA-256
 * @param files how many files it lists
 * @param bytes their total size
 */
public record DatasetDigest(String sha256, int files, long bytes) {

  /** How the digest is made, for the record. */
  public static final String METHOD = "sha256 of the sha256sum manifest (\"<sha256>  <path>\\n\" per file read, paths"
      + " relative to the dataset, sorted by byte)";

  public static DatasetDigest of(DatasetSpec spec, Path dir) {
    List<String> names = DatasetFiles.of(spec, dir);
    String[] hashes = new String[names.size()];
    long[] sizes = new long[names.size()];
    IntStream.range(0, names.size()).parallel().forEach(i -> {
      Path file = dir.resolve(names.get(i));
      sizes[i] = size(file);
      hashes[i] = Digests.sha256Hex(file);
    });
    MessageDigest manifest = Digests.sha256();
    long total = 0;
    for (int i = 0; i < names.size(); i++) {
      manifest.update((hashes[i] + "  " + names.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
      total += sizes[i];
    }
    return new DatasetDigest(Digests.hex(manifest.digest()), names.size(), total);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
