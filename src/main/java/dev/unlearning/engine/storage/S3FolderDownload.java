package dev.unlearning.engine.storage;

import dev.unlearning.api.Location;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.DownloadFileRequest;

/**
 * The download of a listed folder (every object below an s3:// prefix) through the SDK's transfer manager, at most
 * {@code concurrency} objects in flight; progress (objects and bytes of the listing's total) goes to the listener as
 * each object lands. The first failure stops new requests, waits for those in flight and is thrown naming its object:
 * the caller never gets a directory that holds less than the listing.
 */
final class S3FolderDownload {

  private final S3TransferManager transfers;
  private final int concurrency;
  private final ProgressListener listener;

  S3FolderDownload(S3TransferManager transfers, int concurrency, ProgressListener listener) {
    this.transfers = transfers;
    this.concurrency = concurrency;
    this.listener = listener;
  }

  /** Downloads {@code objects} (keys below {@code prefix} of {@code bucket}) into {@code dir}, keeping their paths. */
  void download(String field, String bucket, String prefix, List<S3Object> objects, Path dir, String phase) {
    long totalBytes = objects.stream().mapToLong(S3Object::size).sum();
    Semaphore slots = new Semaphore(concurrency);
    AtomicLong doneObjects = new AtomicLong();
    AtomicLong doneBytes = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    long start = System.nanoTime();
    listener.transferProgress(phase, 0, objects.size(), 0, totalBytes, Duration.ZERO);
    for (S3Object o : objects) {
      if (failure.get() != null) {
        break;
      }
      Location object = Location.parse(field, "s3://" + bucket + "/" + o.key());
      Path target = SafePaths.inside(dir, o.key().substring(prefix.length())).orElseThrow(() ->
          new InvalidInputException(field + ": object " + object.display() + " has a key that leaves its prefix"));
      createParent(target);
      slots.acquireUninterruptibly();
      CompletableFuture<?> done;
      try {
        done = transfers.downloadFile(DownloadFileRequest.builder()
            .getObjectRequest(r -> r.bucket(bucket).key(o.key()))
            .destination(target).build()).completionFuture();
      } catch (RuntimeException e) {
        slots.release();
        failure.compareAndSet(null, failed(field, object, bucket, e));
        break;
      }
      done.whenComplete((ok, error) -> {
        try {
          if (error != null) {
            failure.compareAndSet(null, failed(field, object, bucket, error));
          } else {
            long objectsNow = doneObjects.incrementAndGet();
            long bytesNow = doneBytes.addAndGet(o.size());
            listener.transferProgress(phase, objectsNow, objects.size(), bytesNow, totalBytes,
                Duration.ofNanos(System.nanoTime() - start));
          }
        } finally {
          slots.release();
        }
      });
    }
    // Every request that was started has ended once all slots are free again.
    slots.acquireUninterruptibly(concurrency);
    slots.release(concurrency);
    if (failure.get() != null) {
      throw failure.get();
    }
    if (doneObjects.get() != objects.size() || doneBytes.get() != totalBytes) {
      throw new IllegalStateException(field + ": downloaded " + doneObjects.get() + " of " + objects.size()
          + " objects of s3://" + bucket + "/" + prefix);
    }
  }

  // The transfer manager wraps the service's answer (a CompletionException around an SdkClientException around the
  // S3Exception): the innermost SDK error says what the store answered.
  private static RuntimeException failed(String field, Location object, String bucket, Throwable error) {
    SdkException sdk = null;
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof dev.unlearning.engine.UnlearningException u) {
        return u;
      }
      if (c instanceof SdkException e) {
        sdk = e;
      }
    }
    if (sdk != null) {
      return S3Errors.of(field, object.display(), bucket, sdk);
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof IOException io) {
      return new UncheckedIOException("cannot write " + object.display() + " to scratch space", io);
    }
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }

  private static void createParent(Path target) {
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + target.getParent(), e);
    }
  }
}
