package dev.unlearning.operator;

import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.api.TerminationMessage;
import java.util.Optional;

/**
 * The evidence record a finished worker reported in its termination message, with the image digest the kubelet
 * reported for that pod: only the operator sees the latter, so it is added here and not by the worker.
 */
final class RecordedEvidence {

  private RecordedEvidence() {}

  /** From a pod that ran to the end: succeeded, or failed after writing its record (a model its gate refused). */
  static Optional<EvidenceSummary> of(WorkerPod pod) {
    Optional<EvidenceSummary> evidence = report(pod).map(TerminationMessage::getEvidence);
    evidence.ifPresent(e -> e.setWorkerImageID(pod.imageId().orElse(null)));
    return evidence;
  }

  /** The results a failed worker reported: only one whose model missed its acceptance gate has them. */
  static Optional<ResultSummary> results(WorkerPod pod) {
    return report(pod).map(TerminationMessage::getResults);
  }

  /** The newest pod whose worker terminated (pods are observed newest first). */
  static Optional<WorkerPod> lastTerminated(WorkerObservation observation) {
    return observation.pods().stream().map(WorkerPod::new).filter(p -> p.terminated().isPresent()).findFirst();
  }

  private static Optional<TerminationMessage> report(WorkerPod pod) {
    return pod.terminated().flatMap(t -> TerminationMessages.parse(t.getMessage()));
  }
}
