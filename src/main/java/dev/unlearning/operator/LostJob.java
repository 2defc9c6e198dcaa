package dev.unlearning.operator;

import dev.unlearning.api.UnlearningRequestStatus;

/**
 * A worker Job that disappeared before its request finished: deleted by someone, by a TTL, or with a namespace
 * cleanup. Running the request again from scratch behind the user's back could double the cost or overwrite an
 * output, so the request fails with {@link #REASON} instead; a new run is a new request.
 */
final class LostJob {

  static final String REASON = "JobLost";

  private LostJob() {}

  /** The operator saw this request's Job once: from then on it never creates another. */
  static boolean hadJob(UnlearningRequestStatus status) {
    return status != null && status.getJobUid() != null;
  }

  static String message(String jobName, String uid) {
    return "Job " + jobName + " (uid " + uid + ") disappeared before the request finished (deleted by someone, a TTL"
        + " or a namespace cleanup); no new Job is created: create a new UnlearningRequest to run again";
  }
}
