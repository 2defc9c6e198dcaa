package dev.unlearning.bench;

import dev.unlearning.api.DatasetSpec;
import dev.unlearning.engine.evidence.DatasetDigest;
import dev.unlearning.engine.data.DatasetFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cost of the evidence record's dataset digest: the listing of an image folder alone (what the run's index reads
 * anyway) and the whole digest (listing, then SHA-256 of every file, in parallel), in one JVM, each once after a warm-up
 * on the same folder. Prints one line per measurement; bench/run-dataset-digest.sh runs it.
 */
public final class DatasetDigestBenchmark {

  private DatasetDigestBenchmark() {}

  public static void main(String[] args) {
    Path folder = Path.of(args[0]);
    DatasetSpec spec = new DatasetSpec();
    spec.setFormat(DatasetSpec.FORMAT_IMAGE_FOLDER);
    DatasetDigest.of(spec, folder); // warm-up: the JIT and the page cache
    long t0 = System.nanoTime();
    int listed = DatasetFiles.of(spec, folder).size();
    long t1 = System.nanoTime();
    DatasetDigest digest = DatasetDigest.of(spec, folder);
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "listing: %d files in %.2f s%n", listed, (t1 - t0) / 1e9);
    System.out.printf(Locale.ROOT, "digest: %d files, %d bytes in %.2f s (%.1f us per file), sha256 %s%n",
        digest.files(), digest.bytes(), (t2 - t1) / 1e9, (t2 - t1) / 1e3 / digest.files(), digest.sha256());
  }
}
