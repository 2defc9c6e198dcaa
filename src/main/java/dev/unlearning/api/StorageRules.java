package dev.unlearning.api;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What each location field may hold beyond being a valid location (that is {@link Location#parse}'s job), and the
 * storage settings: https:// is read-only, a model or indices file is one object, a dataset behind https:// is an
 * archive, the scratch space a positive size (the Secret's name is the CRD's).
 */
public final class StorageRules {

  private StorageRules() {}

  static void check(UnlearningRequestSpec spec, List<SpecValidationException> out) {
    if (spec.getModel() != null) {
      file(out, "spec.model.uri", spec.getModel().getUri(), "s3://bucket/models/classifier.pt");
    }
    if (spec.getForget() != null) {
      file(out, "spec.forget.indicesFile", spec.getForget().getIndicesFile(), "s3://bucket/requests/removal.txt");
    }
    Location dataset = parsed("spec.dataset.uri", spec.getDataset() != null ? spec.getDataset().getUri() : null);
    if (dataset != null && web(dataset) && ArchiveFormat.of(dataset.path()).isEmpty()) {
      out.add(new SpecValidationException("spec.dataset.uri", "a dataset behind " + scheme(dataset)
          + ":// must be an archive (" + ArchiveFormat.suffixes() + "); an s3:// prefix can hold the files themselves: "
          + dataset.display()));
    }
    Location output = parsed("spec.output.uri", spec.getOutput() != null ? spec.getOutput().getUri() : null);
    if (output != null && web(output)) {
      out.add(new SpecValidationException("spec.output.uri", scheme(output)
          + ":// locations are read-only; write the output to a path, pvc:// or s3://: " + output.display()));
    }
    if (spec.getJob() != null && spec.getJob().getScratchSize() != null) {
      try {
        scratchBytes(spec.getJob().getScratchSize());
      } catch (IllegalArgumentException e) {
        out.add(new SpecValidationException("spec.job.scratchSize",
            "must be a positive quantity of bytes such as 20Gi (got '" + spec.getJob().getScratchSize() + "')"));
      }
    }
  }

  /**
   * The size limit of the worker's scratch space (spec.job.scratchSize) in bytes, if the request sets a valid one
   * (an invalid one is the validator's to report).
   */
  public static OptionalLong scratchLimit(UnlearningRequestSpec spec) {
    if (spec == null || spec.getJob() == null || spec.getJob().getScratchSize() == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(scratchBytes(spec.getJob().getScratchSize()));
    } catch (IllegalArgumentException e) {
      return OptionalLong.empty();
    }
  }

  private static long scratchBytes(Quantity quantity) {
    BigDecimal bytes;
    try {
      bytes = Quantity.getAmountInBytes(quantity);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a quantity: " + quantity, e);
    }
    if (bytes.signum() <= 0) {
      throw new IllegalArgumentException("not positive: " + quantity);
    }
    return bytes.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
  }

  private static void file(List<SpecValidationException> out, String field, String uri, String example) {
    Location l = parsed(field, uri);
    if (l != null && l.remote() && (l.path().isEmpty() || l.path().endsWith("/"))) {
      out.add(new SpecValidationException(field, "must name one file, as in " + example
          + " (got " + l.display() + ")"));
    }
  }

  // Parse errors are SpecValidator's to report.
  private static Location parsed(String field, String uri) {
    if (uri == null) {
      return null;
    }
    try {
      return Location.parse(field, uri);
    } catch (SpecValidationException e) {
      return null;
    }
  }

  private static boolean web(Location l) {
    return l.scheme() == Location.Scheme.HTTPS || l.scheme() == Location.Scheme.HTTP;
  }

  private static String scheme(Location l) {
    return l.scheme().name().toLowerCase(Locale.ROOT);
  }
}
