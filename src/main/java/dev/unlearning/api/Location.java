package dev.unlearning.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A storage location from the request: a plain path, a {@code file://} URI, or {@code pvc://<claim>/<path>}.
 * The operator mounts each referenced claim at {@link WorkerContract#PVC_MOUNT_ROOT}{@code /<claim>} in the worker
 * pod, so the worker resolves every location to a local path. New schemes (https, s3) get a case here and a fetcher
 * in the worker.
 */
public record Location(Scheme scheme, String claim, String path) {

  public enum Scheme { FILE, PVC }

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
      return new Location(Scheme.FILE, null, v);
    }
    String scheme = v.substring(0, sep).toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file": {
        try {
          URI uri = new URI(v);
          if (uri.getPath() == null || uri.getPath().isEmpty()) {
            throw new SpecValidationException(field, "file URI has no path: " + value);
          }
          return new Location(Scheme.FILE, null, uri.getPath());
        } catch (URISyntaxException e) {
          throw new SpecValidationException(field, "is not a valid file URI: " + value);
        }
      }
      case "pvc": {
        String rest = v.substring(sep + 3);
        int slash = rest.indexOf('/');
        String claim = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (!claim.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || claim.length() > 253) {
          throw new SpecValidationException(field, "pvc:// location needs a valid claim name, as in pvc://<claim>/<path>: " + value);
        }
        if (path.contains("..")) {
          throw new SpecValidationException(field, "pvc:// path must not contain '..': " + value);
        }
        return new Location(Scheme.PVC, claim, path);
      }
      default:
        throw new SpecValidationException(field,
            "scheme '" + scheme + "' is not supported (use a path, file:// or pvc://<claim>/<path>): " + value);
    }
  }

  /** The local path this location has in the worker; {@code pvcRoot} is where claims are mounted. */
  public Path toLocalPath(Path pvcRoot) {
    if (scheme == Scheme.PVC) {
      Path claimRoot = pvcRoot.resolve(claim);
      return path.isEmpty() ? claimRoot : claimRoot.resolve(path);
    }
    return Path.of(path);
  }
}
