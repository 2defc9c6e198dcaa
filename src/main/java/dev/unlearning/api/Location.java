package dev.unlearning.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A storage location from the request: a plain path, a {@code file://} URI, {@code pvc://<claim>/<path>},
 * {@code s3://<bucket>/<key>} or an {@code https://} / {@code http://} URL.
 *
 * <p>The operator mounts each referenced claim at {@link WorkerContract#PVC_MOUNT_ROOT}{@code /<claim>} in the worker
 * pod, so the worker resolves file and pvc locations to a local path; it downloads s3 and http(s) locations to scratch
 * space ({@code dev.unlearning.engine.storage}). {@code authority} is the claim (pvc), the bucket (s3) or host[:port]
 * (http); {@code path} the path in it, without a leading slash for pvc and s3; {@code uri} the value as given.
 */
public record Location(Scheme scheme, String authority, String path, String uri) {

  public enum Scheme { FILE, PVC, S3, HTTPS, HTTP }

  /** The schemes as a CEL rule of the CRD (the API server checks it at kubectl apply; parse() says more). */
  public static final String CEL_SCHEME_RULE = "!self.contains('://') || self.matches('^(?i)(file|pvc|s3|https?)://')";
  public static final String CEL_SCHEME_MESSAGE = "a location is a path or a file://, pvc://, s3:// or https:// URI";
  /** Longest location accepted, so the API server can bound the cost of the rule above. */
  public static final int MAX_LENGTH = 4096;
  private static final String SCHEMES = "use a path, file://, pvc://<claim>/<path>, s3://<bucket>/<key> or https://";

  /**
   * Parses a location. {@code field} names the spec field for the error message.
   *
   * @throws SpecValidationException when the value is empty, malformed or of an unsupported scheme
   */
  public static Location parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new SpecValidationException(field, "must not be empty");
    }
    String v = value.trim();
    int sep = v.indexOf("://");
    if (sep < 0) {
      return new Location(Scheme.FILE, null, v, v);
    }
    String scheme = v.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = v.substring(sep + 3);
    switch (scheme) {
      case "file":
        return new Location(Scheme.FILE, null, uri(field, v, v).getPath(), v);
      case "pvc": {
        int slash = rest.indexOf('/');
        String claim = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (!claim.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || claim.length() > 253) {
          throw new SpecValidationException(field, "pvc:// location needs a valid claim name, as in pvc://<claim>/<path>: " + value);
        }
        if (path.contains("..")) {
          throw new SpecValidationException(field, "pvc:// path must not contain '..': " + value);
        }
        return new Location(Scheme.PVC, claim, path, v);
      }
      case "s3": {
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        // Loose on purpose: S3-compatible stores accept more than AWS' current rules (legacy upper case, '_').
        if (!bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]{1,254}")) {
          throw new SpecValidationException(field, "s3:// location needs a bucket name, as in s3://<bucket>/<key>: " + value);
        }
        if (key.startsWith("/")) {
          throw new SpecValidationException(field, "s3:// key must not start with '/': " + value);
        }
        return new Location(Scheme.S3, bucket, key, v);
      }
      case "https":
      case "http": {
        // Never echo a URL whole: its user info or query may hold a credential.
        URI u = uri(field, v, scheme + "://...");
        if (u.getHost() == null) {
          throw new SpecValidationException(field, scheme + ":// location needs a host name");
        }
        String authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        return new Location(Scheme.valueOf(scheme.toUpperCase(Locale.ROOT)), authority, u.getPath(), v);
      }
      default:
        throw new UnsupportedScheme(field, "scheme '" + scheme + "' is not supported (" + SCHEMES + "): " + value);
    }
  }

  /** A location of a scheme the CRD's {@link #CEL_SCHEME_RULE} refuses. */
  public static final class UnsupportedScheme extends SpecValidationException {
    UnsupportedScheme(String field, String problem) {
      super(field, problem);
    }
  }

  private static URI uri(String field, String value, String shown) {
    URI u;
    try {
      u = new URI(value);
    } catch (URISyntaxException e) {
      throw new SpecValidationException(field, "is not a valid URI: " + shown);
    }
    if (u.getPath() == null || u.getPath().isEmpty()) {
      throw new SpecValidationException(field, u.getScheme() + " URI has no path: " + shown);
    }
    return u;
  }

  /** The claim of a pvc:// location, else null. */
  public String claim() {
    return scheme == Scheme.PVC ? authority : null;
  }

  /** Whether the worker downloads this location (and uploads to it, for s3) instead of reading a local path. */
  public boolean remote() {
    return scheme == Scheme.S3 || scheme == Scheme.HTTPS || scheme == Scheme.HTTP;
  }

  /**
   * The location for messages, logs and result.json: an http(s) URL loses its user info and query (pre-signed URLs
   * carry their signature there), so no credential is ever printed.
   */
  public String display() {
    switch (scheme) {
      case HTTPS:
      case HTTP: {
        String query = uri.indexOf('?') >= 0 ? "?..." : "";
        return scheme.name().toLowerCase(Locale.ROOT) + "://" + authority + path + query;
      }
      default:
        return uri;
    }
  }

  /** {@link #display()} of a location given as text, for records such as result.json; null stays null. */
  public static String displayOf(String uri) {
    if (uri == null) {
      return null;
    }
    try {
      return parse("uri", uri).display();
    } catch (SpecValidationException e) {
      return uri;
    }
  }

  /**
   * The folder this location names, for telling whether two outputs are one place: {@code s3://b/out} and
   * {@code s3://b/out/} are, and so are {@code /data/out} and {@code file:///data/./out}.
   */
  public String folderKey() {
    String normalized = scheme == Scheme.FILE ? Path.of(path).toAbsolutePath().normalize().toString()
        : path.replaceAll("/+", "/").replaceAll("/$", "");
    return scheme.name().toLowerCase(Locale.ROOT) + "://" + (authority == null ? "" : authority + "/") + normalized;
  }

  /** The last segment of the path, e.g. the file name of a model URL; empty when the path ends with '/'. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The local path this location has in the worker; {@code pvcRoot} is where claims are mounted. */
  public Path toLocalPath(Path pvcRoot) {
    if (remote()) {
      throw new IllegalStateException(display() + " is not a local path; the worker downloads it");
    }
    if (scheme == Scheme.PVC) {
      Path claimRoot = pvcRoot.resolve(authority);
      return path.isEmpty() ? claimRoot : claimRoot.resolve(path);
    }
    return Path.of(path);
  }
}
