package dev.unlearning.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.rest.AuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folder (prefix) downloads through the transfer manager against s3proxy. The server's store sits behind
 * {@link Gate}, which counts the GETs in flight, answers AccessDenied for chosen keys (as a bucket policy would) and
 * can remove an object right after a listing, as another writer would between the listing and the download.
 */
class S3FolderDownloadTest {

  static final Duration FAST = Duration.ofMillis(10);
  static Gate gate;
  static S3ProxyServer server;
  static int counter;

  @TempDir
  Path dir;
  ScratchSpace scratch;
  String bucket;

  /** The store in front of s3proxy's: in-flight count, denied keys, a key removed after the next listing. */
  static final class Gate extends ForwardingBlobStore {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Set<String> denied = ConcurrentHashMap.newKeySet();
    volatile String removeAfterListing;
    volatile long getDelayMillis;

    Gate(BlobStore store) {
      super(store);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      if (denied.contains(name)) {
        throw new AuthorizationException("denied by the test's policy");
      }
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (getDelayMillis > 0) {
          Thread.sleep(getDelayMillis);
        }
        return super.getBlob(container, name, options);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
      PageSet<? extends StorageMetadata> page = super.list(container, options);
      String key = removeAfterListing;
      if (key != null) {
        removeAfterListing = null;
        delegate().removeBlob(container, key);
      }
      return page;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = new S3ProxyServer(store -> gate = new Gate(store));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void fresh() {
    scratch = new ScratchSpace(dir, OptionalLong.empty());
    bucket = "folders" + ++counter;
    server.createBucket(bucket);
    gate.maxInFlight.set(0);
    gate.denied.clear();
    gate.removeAfterListing = null;
    gate.getDelayMillis = 0;
  }

  @AfterEach
  void clean() {
    scratch.close();
  }

  private S3Storage storage(int concurrency) {
    Map<String, String> env = server.env();
    RetryPolicy retry = new RetryPolicy(2, FAST, Duration.ofMillis(50));
    return new S3Storage(S3Clients.fromEnvironment(env::get, retry), S3Storage.MULTIPART_THRESHOLD,
        S3Storage.PART_SIZE, () -> S3Clients.asyncFromEnvironment(env::get, retry, concurrency), concurrency);
  }

  private Map<String, byte[]> putFolder(String prefix, int objects) {
    Random random = new Random(7);
    Map<String, byte[]> put = new java.util.LinkedHashMap<>();
    for (int i = 0; i < objects; i++) {
      byte[] content = new byte[100 + random.nextInt(2_000)];
      random.nextBytes(content);
      String key = prefix + "class" + (i % 10) + "/img" + i + ".png";
      server.putDirectly(bucket, key, content);
      put.put(key, content);
    }
    return put;
  }

  private Location at(String prefix) {
    return Location.parse("spec.dataset.uri", "s3://" + bucket + "/" + prefix);
  }

  @Test
  void aFolderOfThousandsOfObjectsArrivesCompleteAndByteIdenticalWithItsProgress() throws Exception {
    Map<String, byte[]> put = putFolder("images/", 3_000);
    long bytes = put.values().stream().mapToLong(b -> b.length).sum();
    List<long[]> progress = new CopyOnWriteArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void transferProgress(String phase, long objectsDone, long objects, long bytesDone, long total,
          Duration elapsed) {
        assertThat(phase).isEqualTo("fetch");
        progress.add(new long[] {objectsDone, objects, bytesDone, total});
      }
    };
    Path target = scratch.newDirectory("dataset");
    try (S3Storage s3 = storage(10)) {
      assertThat(s3.downloadPrefix("spec.dataset.uri", at("images"), target, scratch, listener, "fetch"))
          .isEqualTo(3_000);
    }
    for (Map.Entry<String, byte[]> e : put.entrySet()) {
      assertThat(Files.readAllBytes(target.resolve(e.getKey().substring("images/".length())))).as(e.getKey())
          .isEqualTo(e.getValue());
    }
    try (var files = Files.walk(target)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(3_000);
    }
    assertThat(progress).hasSize(3_001);
    assertThat(progress.get(0)).containsExactly(0, 3_000, 0, bytes);
    assertThat(progress.stream().mapToLong(p -> p[0]).max().getAsLong()).isEqualTo(3_000);
    assertThat(progress.stream().filter(p -> p[0] == 3_000).findFirst().orElseThrow()[2]).isEqualTo(bytes);
    assertThat(scratch.used()).as("counted against the scratch budget").isEqualTo(bytes);
  }

  @Test
  void theConcurrencyIsHonoured() throws Exception {
    putFolder("c/", 60);
    gate.getDelayMillis = 30;
    try (S3Storage s3 = storage(4)) {
      s3.downloadPrefix("spec.dataset.uri", at("c/"), scratch.newDirectory("c"), scratch, ProgressListener.NONE,
          "fetch");
    }
    assertThat(gate.maxInFlight.get()).as("GETs in flight at once").isEqualTo(4);
    gate.maxInFlight.set(0);
    try (S3Storage s3 = storage(1)) {
      s3.downloadPrefix("spec.dataset.uri", at("c/"), scratch.newDirectory("c1"), scratch, ProgressListener.NONE,
          "fetch");
    }
    assertThat(gate.maxInFlight.get()).as("one after the other").isEqualTo(1);
  }

  @Test
  void anObjectThatDisappearsAfterTheListingFailsTheFetchNamingIt() {
    putFolder("gone/", 40);
    gate.removeAfterListing = "gone/class3/img13.png";
    try (S3Storage s3 = storage(10)) {
      assertThatThrownBy(() -> s3.downloadPrefix("spec.dataset.uri", at("gone/"), scratch.newDirectory("g"),
          scratch, ProgressListener.NONE, "fetch"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.dataset.uri: s3://" + bucket + "/gone/class3/img13.png does not exist (NoSuchKey)");
    }
  }

  @Test
  void aDeniedObjectFailsTheFetchNamingItAndNoCredential() {
    putFolder("denied/", 40);
    gate.denied.add("denied/class5/img25.png");
    try (S3Storage s3 = storage(10)) {
      assertThatThrownBy(() -> s3.downloadPrefix("spec.dataset.uri", at("denied/"), scratch.newDirectory("d"),
          scratch, ProgressListener.NONE, "fetch"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("spec.dataset.uri: s3://" + bucket + "/denied/class5/img25.png: access denied"
              + " (AccessDenied)")
          .hasMessageNotContaining(S3ProxyServer.SECRET_KEY)
          .hasMessageNotContaining(S3ProxyServer.ACCESS_KEY);
    }
  }

  @Test
  void aFolderLargerThanTheScratchSpaceIsRefusedBeforeAnyDownload() {
    putFolder("big/", 20);
    ScratchSpace small = new ScratchSpace(dir.resolve("small"), OptionalLong.of(1_000));
    try (S3Storage s3 = storage(10); small) {
      assertThatThrownBy(() -> s3.downloadPrefix("spec.dataset.uri", at("big/"), small.newDirectory("b"), small,
          ProgressListener.NONE, "fetch"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("raise spec.job.scratchSize");
    }
    assertThat(gate.maxInFlight.get()).as("no object was requested").isZero();
  }

  @Test
  void progressListenersGetEveryObjectOnce() {
    List<Long> seen = new ArrayList<>();
    putFolder("p/", 25);
    try (S3Storage s3 = storage(5)) {
      s3.downloadPrefix("spec.dataset.uri", at("p/"), scratch.newDirectory("p"), scratch, new ProgressListener() {
        @Override
        public synchronized void transferProgress(String phase, long objectsDone, long objects, long bytesDone,
            long bytes, Duration elapsed) {
          seen.add(objectsDone);
        }
      }, "fetch");
    }
    assertThat(seen).hasSize(26).doesNotHaveDuplicates().contains(0L, 25L);
  }
}
