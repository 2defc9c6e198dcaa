package dev.unlearning.operator;

import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Optional;

/** Reads the facts the status needs from a worker pod: scheduling and the worker container's state. */
record WorkerPod(Pod pod) {

  String name() {
    return pod.getMetadata().getName();
  }

  Optional<PodCondition> scheduled() {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
  }

  boolean isUnschedulable() {
    return scheduled().map(c -> "False".equals(c.getStatus())).orElse(false);
  }

  Optional<String> nodeName() {
    return Optional.ofNullable(pod.getSpec()).map(s -> s.getNodeName());
  }

  Optional<ContainerStateWaiting> waiting() {
    return worker().map(s -> s.getState() == null ? null : s.getState().getWaiting());
  }

  Optional<ContainerStateRunning> running() {
    return worker().map(s -> s.getState() == null ? null : s.getState().getRunning());
  }

  /** The worker's terminated state, also when the kubelet already reports it as the last state. */
  Optional<ContainerStateTerminated> terminated() {
    return worker().map(s -> {
      if (s.getState() != null && s.getState().getTerminated() != null) {
        return s.getState().getTerminated();
      }
      return s.getLastState() == null ? null : s.getLastState().getTerminated();
    });
  }

  /** The image the kubelet ran for the worker, with its digest (containerStatuses[].imageID). */
  Optional<String> imageId() {
    return worker().map(ContainerStatus::getImageID).filter(id -> !id.isBlank());
  }

  /** Whether the worker exited with code 0. */
  boolean succeeded() {
    return terminated().map(t -> Integer.valueOf(0).equals(t.getExitCode())).orElse(false);
  }

  private Optional<ContainerStatus> worker() {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return Optional.empty();
    }
    return statuses.stream().filter(s -> WorkerContract.CONTAINER.equals(s.getName())).findFirst();
  }
}
