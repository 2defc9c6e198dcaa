package dev.unlearning.cli;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.UnlearningRequestSpec;
import org.jboss.logging.Logger;

/**
 * The worker's side of the version contract ({@link BuildVersion}): it reads the spec the operator put in the Job as
 * strictly as a request file, since a field it does not know is something it cannot do, but says which versions met
 * and what to do, instead of a bare parse error. A spec from an operator of another minor version is accepted when
 * every field is known, with a warning.
 */
final class SpecFromOperator {

  private static final Logger LOG = Logger.getLogger(SpecFromOperator.class);

  private SpecFromOperator() {}

  /**
   * @param json the spec from the environment variable {@code source}
   * @param operatorVersion the operator's version from the Job, or null when the Job does not say (an older operator)
   * @param workerVersion this worker's version
   */
  static UnlearningRequestSpec read(String json, String source, String operatorVersion, String workerVersion) {
    String operator = operatorVersion == null || operatorVersion.isBlank() ? BuildVersion.UNKNOWN : operatorVersion;
    UnlearningRequestSpec spec = RequestFiles.readSpecJson(json, source, field -> field
        + ": not known to this worker (version " + workerVersion + "); the spec comes from operator version " + operator
        + ": run a worker image of the operator's version (spec.job.image, or the operator's unlearning.worker.image)"
        + " or create the request without this field");
    if (!BuildVersion.sameMinor(operator, workerVersion)) {
      LOG.warnf("the spec comes from operator version %s and this worker is version %s: every field is known, running",
          operator, workerVersion);
    }
    return spec;
  }
}
