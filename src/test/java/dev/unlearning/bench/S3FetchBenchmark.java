package dev.unlearning.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Location;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.storage.RetryPolicy;
import dev.unlearning.engine.storage.S3Clients;
import dev.unlearning.engine.storage.S3ProxyServer;
import dev.unlearning.engine.storage.S3Storage;
import dev.unlearning.engine.storage.ScratchSpace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * bench/run-s3-fetch.sh: one folder in s3proxy (in this JVM, on loopback), fetched by today's sequential code (the
 * listing, then {@link S3Storage#download} object after object), by the parallel folder download
 * ({@link S3Storage#downloadPrefix}, the transfer manager) and by boto3's s3transfer at the same concurrency, in
 * rotating order per round, at each per-request latency given (a delay before each GET is answered, as a remote store's
 * time to first byte). One JSON line per fetch in fetches.jsonl.
 *
 * <p>Arguments: FOLDER OUT_DIR ROUNDS CONCURRENCY LATENCIES_MS(comma-separated) PYTHON
 */
public final class S3FetchBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "bench";
  private static final String PREFIX = "folder/";

  /** Delays every GET by {@code millis}. */
  static final class Latency extends ForwardingBlobStore {
    volatile long millis;

    Latency(BlobStore store) {
      super(store);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.getBlob(container, name, options);
    }
  }

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    List<Long> latencies = Stream.of(args[4].split(",")).map(Long::parseLong).toList();
    String python = args[5];
    Latency[] latency = new Latency[1];
    try (S3ProxyServer server = new S3ProxyServer(store -> latency[0] = new Latency(store))) {
      server.createBucket(BUCKET);
      List<Path> files;
      try (Stream<Path> walk = Files.walk(folder)) {
        files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
            .sorted().toList();
      }
      for (Path f : files) {
        server.putDirectly(BUCKET, PREFIX + folder.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
      System.out.printf("%d objects in s3://%s/%s at %s%n", files.size(), BUCKET, PREFIX, server.endpoint());
      Map<String, String> env = server.env();
      RetryPolicy retry = RetryPolicy.DEFAULT;
      try (S3Storage sequential = new S3Storage(S3Clients.fromEnvironment(env::get, retry), S3Storage.MULTIPART_THRESHOLD,
              S3Storage.PART_SIZE, () -> S3Clients.asyncFromEnvironment(env::get, retry, 1), 1);
          S3Storage parallel = new S3Storage(S3Clients.fromEnvironment(env::get, retry), S3Storage.MULTIPART_THRESHOLD,
              S3Storage.PART_SIZE, () -> S3Clients.asyncFromEnvironment(env::get, retry, concurrency), concurrency)) {
        List<String> clients = List.of("sequential", "parallel", "s3transfer");
        // Warm-up: one fetch of each at no latency, not recorded (the JIT, the clients' connection pools).
        latency[0].millis = 0;
        for (String c : clients) {
          fetch(c, sequential, parallel, out, concurrency, env, python);
        }
        for (long ms : latencies) {
          latency[0].millis = ms;
          for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < clients.size(); i++) {
              String client = clients.get((i + r) % clients.size());
              Map<String, Object> row = fetch(client, sequential, parallel, out, concurrency, env, python);
              row.put("latencyMs", ms);
              row.put("round", r + 1);
              Files.writeString(out.resolve("fetches.jsonl"), JSON.writeValueAsString(row) + "\n",
                  java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
              System.out.println(JSON.writeValueAsString(row));
            }
          }
        }
      }
    }
  }

  private static Map<String, Object> fetch(String client, S3Storage sequential, S3Storage parallel, Path out,
      int concurrency, Map<String, String> env, String python) throws Exception {
    Path scratchDir = Files.createTempDirectory(out, "scratch-");
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("client", client);
    row.put("concurrency", "sequential".equals(client) ? 1 : concurrency);
    try (ScratchSpace scratch = new ScratchSpace(scratchDir, OptionalLong.empty())) {
      Path dir = scratch.newDirectory("folder");
      Location at = Location.parse("spec.dataset.uri", "s3://" + BUCKET + "/" + PREFIX);
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      long objects;
      long bytes;
      if ("s3transfer".equals(client)) {
        Map<?, ?> r = s3transfer(python, dir, concurrency, env);
        objects = ((Number) r.get("objects")).longValue();
        bytes = ((Number) r.get("bytes")).longValue();
        row.put("seconds", ((Number) r.get("seconds")).doubleValue());
      } else if ("sequential".equals(client)) {
        List<S3Object> listed = sequential.list("spec.dataset.uri", BUCKET, PREFIX);
        for (S3Object o : listed) {
          Path target = dir.resolve(o.key().substring(PREFIX.length()));
          Files.createDirectories(target.getParent());
          sequential.download("spec.dataset.uri", Location.parse("spec.dataset.uri", "s3://" + BUCKET + "/" + o.key()),
              target, scratch);
        }
        objects = listed.size();
        bytes = listed.stream().mapToLong(S3Object::size).sum();
      } else {
        objects = parallel.downloadPrefix("spec.dataset.uri", at, dir, scratch, ProgressListener.NONE, "fetch");
        bytes = scratch.used();
      }
      if (!row.containsKey("seconds")) {
        row.put("seconds", (System.nanoTime() - t0) / 1e9);
      }
      // The JVM's CPU: s3proxy's and, for the Java clients, the client's (the python client's runs in its process).
      row.put("jvmCpuSeconds", (cpuNanos() - cpu0) / 1e9);
      double seconds = (double) row.get("seconds");
      row.put("objects", objects);
      row.put("bytes", bytes);
      row.put("objectsPerSecond", objects / seconds);
      row.put("megabytesPerSecond", bytes / 1e6 / seconds);
      row.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    return row;
  }

  private static Map<?, ?> s3transfer(String python, Path dir, int concurrency, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(python, "bench/s3transfer_fetch.py", BUCKET, PREFIX, dir.toString(),
        Integer.toString(concurrency));
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String outText = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("s3transfer_fetch.py failed: " + outText);
    }
    List<String> lines = new ArrayList<>(outText.lines().toList());
    return JSON.readValue(lines.get(lines.size() - 1), Map.class);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
