package dev.unlearning.engine.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server in the test JVM: s3proxy on 127.0.0.1 (a free port) over jclouds' in-memory store, checking
 * AWS signatures against one key pair. {@link #env} gives the variables a worker would get from its Secret.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "test-access-key";
  /** Looked for in every output by the tests: it must never be printed. */
  public static final String SECRET_KEY = "s3cr3t-Do-Not-Print-0123456789";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  public S3ProxyServer() throws Exception {
    this(store -> store);
  }

  /** A server whose requests reach {@code wrap}'s store (tests put a store in front that denies or delays). */
  public S3ProxyServer(java.util.function.UnaryOperator<org.jclouds.blobstore.BlobStore> wrap) throws Exception {
    // By metadata, not by id: an id lookup instantiates every provider on the class path, the excluded ones too.
    context = ContextBuilder.newBuilder(new TransientApiMetadata())
        .credentials(ACCESS_KEY, SECRET_KEY)
        .overrides(new Properties())
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(wrap.apply(context.getBlobStore()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** The worker's environment for this server, as a Secret would provide it. */
  public Map<String, String> env() {
    return Map.of(S3Clients.ACCESS_KEY_ID, ACCESS_KEY, S3Clients.SECRET_ACCESS_KEY, SECRET_KEY,
        S3Clients.REGION, "us-east-1", S3Clients.ENDPOINT_URL_S3, endpoint());
  }

  /** A client for setting up and checking buckets, configured exactly like the worker's. */
  public S3Client client() {
    return S3Clients.fromEnvironment(env()::get, new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50)));
  }

  /** Stores an object directly in the server's store (faster than a PUT when a test needs thousands). */
  public void putDirectly(String bucket, String key, byte[] content) {
    var store = context.getBlobStore();
    store.putBlob(bucket, store.blobBuilder(key).payload(content).contentLength(content.length).build());
  }

  /** Deletes an object directly in the server's store. */
  public void deleteDirectly(String bucket, String key) {
    context.getBlobStore().removeBlob(bucket, key);
  }

  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
