package dev.unlearning.engine.storage;

import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.UnlearningException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns an S3 SDK failure into the run's error: exit 2 (missing object or bucket, denied access, unknown host, wrong
 * region, no credentials) or exit 1 (the store kept failing after the SDK's retries). Messages are built from the
 * status and error code only, never from the SDK's text, and name the object, never a credential.
 */
final class S3Errors {

  private static final String CREDENTIALS = "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (spec.storage.secretRef in the "
      + "cluster)";

  private S3Errors() {}

  /**
   * @param what what failed, with the object's URI: "s3://b/k", "upload of s3://b/k", "listing of s3://b/p/"
   */
  static UnlearningException of(String field, String what, String bucket, SdkException e) {
    // Our own error thrown inside a response handler (e.g. the scratch space is full) comes back wrapped.
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof UnlearningException u) {
        return u;
      }
    }
    String prefix = field + ": " + what;
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = s3.awsErrorDetails() != null && s3.awsErrorDetails().errorCode() != null
          ? s3.awsErrorDetails().errorCode() : "HTTP " + status;
      if ("NoSuchBucket".equals(code)) {
        return new InvalidInputException(prefix + ": bucket '" + bucket + "' does not exist (NoSuchBucket)", e);
      }
      if (status == 404) {
        return new InvalidInputException(prefix + " does not exist (" + code + ")", e);
      }
      if (status == 401 || status == 403) {
        return new InvalidInputException(prefix + ": access denied (" + code + "); check " + CREDENTIALS
            + " and the bucket's policy", e);
      }
      if (status == 301 || "AuthorizationHeaderMalformed".equals(code) || "PermanentRedirect".equals(code)) {
        return new InvalidInputException(prefix + ": bucket '" + bucket + "' is in another region (" + code
            + "); set AWS_REGION", e);
      }
      if (status >= 500 || status == 429 || s3.isThrottlingException()) {
        return new StorageUnavailableException(prefix + " failed after retries (" + code + ")", e);
      }
      return new InvalidInputException(prefix + " failed (" + code + ")", e);
    }
    if (cause(e, UnknownHostException.class)) {
      return new InvalidInputException(prefix + ": unknown host (check the bucket and AWS_ENDPOINT_URL_S3 / "
          + "AWS_ENDPOINT_URL)", e);
    }
    if (e instanceof SdkClientException && e.getMessage() != null
        && e.getMessage().startsWith("Unable to load credentials")) {
      return new InvalidInputException(prefix + ": no AWS credentials found; set " + CREDENTIALS
          + ", or use a profile or web identity", e);
    }
    return new StorageUnavailableException(prefix + " failed after retries: " + firstLine(e.getMessage()), e);
  }

  private static boolean cause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
