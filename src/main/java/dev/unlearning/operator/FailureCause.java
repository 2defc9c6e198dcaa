package dev.unlearning.operator;

import dev.unlearning.api.NativeCrash;
import dev.unlearning.api.TerminationMessage;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Why a worker Job failed, told from the most telling evidence: the deadline, an out-of-memory kill, the worker's
 * own termination message, its exit code and log tail, an image that never pulled, and last the Job's own reason.
 */
record FailureCause(String reason, String message) {

  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  static final String OOM_KILLED = "OOMKilled";
  static final String WORKER_ERROR = "WorkerError";
  static final String WORKER_CRASHED = "WorkerCrashed";
  private static final int MAX_LOG_TAIL = 1024;
  // metav1.Condition reasons are CamelCase identifiers; anything else from the worker becomes WorkerError.
  private static final Pattern CONDITION_REASON = Pattern.compile("[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?");

  static FailureCause of(WorkerObservation observation, Job job) {
    Optional<JobCondition> failed = JobConditions.find(job, "Failed");
    String jobReason = failed.map(JobCondition::getReason).filter(r -> r != null && !r.isBlank()).orElse("Failed");
    String jobMessage = failed.map(JobCondition::getMessage).orElse("");
    Optional<WorkerPod> newest = observation.newestPod().map(WorkerPod::new);

    if (DEADLINE_EXCEEDED.equals(jobReason)) {
      String limit = job.getSpec() != null && job.getSpec().getActiveDeadlineSeconds() != null
          ? " of " + job.getSpec().getActiveDeadlineSeconds() + "s" : "";
      return new FailureCause(DEADLINE_EXCEEDED,
          "the Job ran past its activeDeadlineSeconds" + limit + neverStarted(newest));
    }
    Optional<ContainerStateTerminated> lastRun = observation.pods().stream().map(WorkerPod::new)
        .map(WorkerPod::terminated).flatMap(Optional::stream).findFirst();
    if (lastRun.isPresent()) {
      FailureCause cause = fromTerminated(lastRun.get());
      if (BACKOFF_LIMIT_EXCEEDED.equals(jobReason)) {
        int attempts = job.getStatus() != null && job.getStatus().getFailed() != null ? job.getStatus().getFailed() : 0;
        return new FailureCause(cause.reason, cause.message + " (gave up after " + attempts + " failed attempts: "
            + BACKOFF_LIMIT_EXCEEDED + ")");
      }
      return cause;
    }
    String detail = neverStarted(newest);
    return new FailureCause(jobReason, (jobMessage.isBlank() ? "the Job failed" : jobMessage) + detail);
  }

  private static FailureCause fromTerminated(ContainerStateTerminated t) {
    int exit = t.getExitCode() == null ? -1 : t.getExitCode();
    if (OOM_KILLED.equals(t.getReason())) {
      return new FailureCause(OOM_KILLED, "the worker ran out of memory and was killed (OOMKilled, exit code " + exit
          + "); raise spec.job.limits.memory or lower spec.batchSize");
    }
    Optional<NativeCrash> jvmReport = NativeCrash.parse(t.getMessage());
    if (NativeCrash.bySignal(exit) || jvmReport.isPresent()) {
      return crashed(exit, jvmReport);
    }
    Optional<TerminationMessage> reported = TerminationMessages.parse(t.getMessage())
        .filter(m -> TerminationMessage.FAILED.equals(m.getOutcome()));
    if (reported.isPresent()) {
      String reason = reported.get().getReason();
      String message = reported.get().getMessage();
      return new FailureCause(reason != null && CONDITION_REASON.matcher(reason).matches() ? reason : WORKER_ERROR,
          message == null || message.isBlank() ? "the worker failed (exit code " + exit + ")" : message);
    }
    String tail = t.getMessage() == null ? "" : t.getMessage().strip();
    if (tail.length() > MAX_LOG_TAIL) {
      tail = "..." + tail.substring(tail.length() - MAX_LOG_TAIL);
    }
    return new FailureCause(WORKER_ERROR, "the worker exited with code " + exit
        + (t.getReason() != null ? " (" + t.getReason() + ")" : "") + (tail.isEmpty() ? "" : ": " + tail));
  }

  // A signal ended the worker: the JVM's own report of a native fault (in the log tail that FallbackToLogsOnError
  // keeps) says more than the SIGABRT it exits with after writing it.
  private static FailureCause crashed(int exit, Optional<NativeCrash> jvmReport) {
    String ended = NativeCrash.bySignal(exit) ? "the worker was ended by " + NativeCrash.describeExit(exit)
        : "the worker crashed (exit code " + exit + ")";
    if (jvmReport.isEmpty()) {
      return new FailureCause(WORKER_CRASHED, ended);
    }
    NativeCrash crash = jvmReport.get();
    return new FailureCause(WORKER_CRASHED, ended + ": the JVM caught " + crash.describe()
        + (crash.reportFile() != null ? "; its crash report was " + crash.reportFile() + " in the container" : ""));
  }

  // Image pull errors and unschedulable pods never fail a Job by themselves, but they explain a deadline.
  private static String neverStarted(Optional<WorkerPod> newest) {
    if (newest.isEmpty()) {
      return "";
    }
    WorkerPod pod = newest.get();
    if (pod.isUnschedulable()) {
      return "; the worker pod was never scheduled: " + pod.scheduled().map(c -> c.getMessage()).orElse("");
    }
    Optional<ContainerStateWaiting> waiting = pod.waiting();
    if (waiting.isPresent()) {
      return "; the worker never started: " + PodWaiting.describe(waiting.get());
    }
    return "";
  }
}
