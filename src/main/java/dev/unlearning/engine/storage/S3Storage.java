package dev.unlearning.engine.storage;

import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Downloads objects and prefixes from S3 into scratch space and uploads an output directory. Single objects, listings
 * and uploads go through a blocking {@link S3Client}; the objects of a prefix through the SDK's transfer manager on an
 * asynchronous client, several at once ({@link S3FolderDownload}), made on first use. Files above the multipart
 * threshold are uploaded in parts (S3 takes at most 5 GiB in one PUT).
 */
public final class S3Storage implements AutoCloseable {

  /** Files larger than this are uploaded in parts. */
  public static final long MULTIPART_THRESHOLD = 64L << 20;
  /** Part size of multipart uploads: 16 MiB parts reach 156 GiB within S3's 10,000 parts. */
  public static final int PART_SIZE = 16 << 20;

  private static final Logger LOG = Logger.getLogger(S3Storage.class);

  private final S3Client s3;
  private final long multipartThreshold;
  private final int partSize;
  private final Supplier<S3AsyncClient> asyncFactory;
  private final int concurrency;
  private S3AsyncClient async;
  private S3TransferManager transfers;

  /**
   * @param asyncFactory the client of folder downloads, at most {@code concurrency} requests in flight
   */
  public S3Storage(S3Client s3, long multipartThreshold, int partSize, Supplier<S3AsyncClient> asyncFactory,
      int concurrency) {
    this.s3 = s3;
    this.multipartThreshold = multipartThreshold;
    this.partSize = partSize;
    this.asyncFactory = asyncFactory;
    this.concurrency = concurrency;
  }

  /** Downloads the object {@code from} into the new file {@code target}; returns its size. */
  public long download(String field, Location from, Path target, ScratchSpace scratch) {
    try {
      return s3.getObject(r -> r.bucket(from.authority()).key(from.path()), (response, in) -> {
        if (response.contentLength() != null) {
          scratch.checkFits(response.contentLength(), field, from);
        }
        return scratch.copy(in, target, field, from);
      });
    } catch (SdkException e) {
      throw S3Errors.of(field, from.display(), from.authority(), e);
    }
  }

  /**
   * Downloads every object below the prefix {@code from} (a folder: {@code s3://b/data} means {@code data/...}) into
   * {@code dir}, keeping the key's path below the prefix, {@code concurrency} objects at once, reporting each object
   * to {@code progress} under {@code phase}. The total size is checked against the scratch space first.
   *
   * @return the number of objects downloaded
   */
  public int downloadPrefix(String field, Location from, Path dir, ScratchSpace scratch, ProgressListener progress,
      String phase) {
    String prefix = folder(from.path());
    List<S3Object> objects = list(field, from.authority(), prefix);
    if (objects.isEmpty()) {
      throw new InvalidInputException(field + ": no objects under s3://" + from.authority() + "/" + prefix + " (an"
          + " s3:// dataset is a prefix holding the dataset's files, or an archive object)");
    }
    scratch.checkFits(objects.stream().mapToLong(S3Object::size).sum(), field, from);
    new S3FolderDownload(transfers(), concurrency, progress).download(field, from.authority(), prefix, objects, dir,
        phase);
    scratch.account(objects.stream().mapToLong(S3Object::size).sum());
    return objects.size();
  }

  /** The objects below {@code prefix} (folder markers left out), in the listing's order. */
  public List<S3Object> list(String field, String bucket, String prefix) {
    List<S3Object> objects = new ArrayList<>();
    try {
      s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(o -> {
        if (!o.key().endsWith("/")) {
          objects.add(o);
        }
      });
    } catch (SdkException e) {
      throw S3Errors.of(field, "listing of s3://" + bucket + "/" + prefix, bucket, e);
    }
    return objects;
  }

  private synchronized S3TransferManager transfers() {
    if (transfers == null) {
      async = asyncFactory.get();
      transfers = S3TransferManager.builder().s3Client(async).build();
    }
    return transfers;
  }

  /** The object {@code name} below the prefix {@code folder}, when there is one. */
  public Optional<byte[]> readIfExists(String field, Location folder, String name) {
    String key = folder(folder.path()) + name;
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(folder.authority()).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw S3Errors.of(field, "s3://" + folder.authority() + "/" + key, folder.authority(), e);
    }
  }

  /**
   * Uploads every file of {@code dir} below the prefix {@code to}, the file named {@code last} at the very end, so
   * its presence means the upload is complete. An earlier run's {@code last} object is deleted first: it must not
   * vouch for objects this run is replacing.
   *
   * @throws InvalidInputException or StorageUnavailableException naming the object that failed
   */
  public void uploadDirectory(String field, Location to, Path dir, String last) {
    String prefix = folder(to.path());
    String lastKey = prefix + last;
    try {
      s3.deleteObject(r -> r.bucket(to.authority()).key(lastKey));
    } catch (SdkException e) {
      throw S3Errors.of(field, "deletion of the earlier s3://" + to.authority() + "/" + lastKey, to.authority(), e);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.equals(dir.resolve(last))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list output directory " + dir, e);
    }
    for (Path file : files) {
      upload(field, to.authority(), prefix + dir.relativize(file).toString().replace('\\', '/'), file);
    }
    if (Files.isRegularFile(dir.resolve(last))) {
      upload(field, to.authority(), lastKey, dir.resolve(last));
    }
    LOG.infof("uploaded %d files to s3://%s/%s", files.size() + 1, to.authority(), prefix);
  }

  private void upload(String field, String bucket, String key, Path file) {
    try {
      long size = Files.size(file);
      if (size > multipartThreshold) {
        uploadInParts(bucket, key, file, size);
      } else {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
      }
    } catch (SdkException e) {
      throw S3Errors.of(field, "upload of s3://" + bucket + "/" + key, bucket, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read output file " + file, e);
    }
  }

  private void uploadInParts(String bucket, String key, Path file, long size) throws IOException {
    String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
    try (FileChannel channel = FileChannel.open(file)) {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[(int) Math.min(partSize, size)];
      int number = 1;
      for (long offset = 0; offset < size; offset += partSize, number++) {
        int length = (int) Math.min(partSize, size - offset);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
        while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) >= 0) {
          // read the whole part
        }
        int part = number;
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(part),
            RequestBody.fromRemainingByteBuffer(ByteBuffer.wrap(buffer, 0, length))).eTag();
        parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
      }
      s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      // Parts of an unfinished upload are billed until aborted.
      try {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  // "data" and "data/" both mean the folder data/; "" is the whole bucket.
  private static String folder(String path) {
    return path.isEmpty() || path.endsWith("/") ? path : path + "/";
  }

  @Override
  public void close() {
    if (transfers != null) {
      transfers.close();
      async.close();
    }
    s3.close();
  }
}
