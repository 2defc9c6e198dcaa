package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A read-only snapshot of a request's worker: its Job (absent until created), that Job's pods, newest first, and
 * why the Job waits when only other objects tell (its FailedCreate events, Kueue's Workload; {@link PendingCauses}).
 */
public record WorkerObservation(String jobName, Optional<Job> job, List<Pod> pods, Optional<String> pendingCause) {

  private static final Comparator<Pod> NEWEST_FIRST = Comparator
      .comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
      .thenComparing(p -> p.getMetadata().getName())
      .reversed();

  /** Keeps only the pods the observed Job owns (an earlier Job of the same name may leave pods behind). */
  public static WorkerObservation of(String jobName, Optional<Job> job, List<Pod> candidates) {
    String uid = job.map(j -> j.getMetadata().getUid()).orElse(null);
    List<Pod> pods = uid == null ? List.of() : candidates.stream()
        .filter(p -> p.getMetadata().getOwnerReferences() != null
            && p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .sorted(NEWEST_FIRST)
        .toList();
    return new WorkerObservation(jobName, job, pods, Optional.empty());
  }

  public WorkerObservation withPendingCause(Optional<String> cause) {
    return new WorkerObservation(jobName, job, pods, cause);
  }

  public Optional<Pod> newestPod() {
    return pods.stream().findFirst();
  }
}
