package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;

/** Text for a worker container that waits to start, e.g. {@code ImagePullBackOff: Back-off pulling image ...}. */
final class PodWaiting {

  private PodWaiting() {}

  static String describe(ContainerStateWaiting waiting) {
    String reason = waiting.getReason() == null ? "Waiting" : waiting.getReason();
    return waiting.getMessage() == null || waiting.getMessage().isBlank() ? reason : reason + ": " + waiting.getMessage();
  }
}
