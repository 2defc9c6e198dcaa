package dev.unlearning.operator;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditions that kstatus (Flux, kpt, cli-utils) reads, beside the request's own: {@code Reconciling=True} while
 * the run is on its way (Pending, Running), {@code Stalled=True} once it failed, {@code Ready=True} once it
 * succeeded; each with {@code observedGeneration}. Without them kstatus takes a resource for done the moment it is
 * applied. A suspended request is neither: kstatus reports it Current, as a state the user asked for.
 */
final class KstatusConditions {

  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  private KstatusConditions() {}

  /** {@code next} with the three conditions appended, derived from its phase and its own conditions. */
  static UnlearningRequestStatus add(UnlearningRequestStatus next, List<Condition> previous, Long generation,
      String now) {
    ConditionSet kstatus = new ConditionSet(previous, generation, now);
    List<Condition> own = next.getConditions() == null ? List.of() : next.getConditions();
    Phase phase = next.getPhase() == null ? Phase.Pending : next.getPhase();
    String message = next.getMessage();
    switch (phase) {
      case Succeeded -> {
        kstatus.set(READY, ConditionSet.TRUE, "Succeeded", message);
        kstatus.set(RECONCILING, ConditionSet.FALSE, "Succeeded", message);
        kstatus.set(STALLED, ConditionSet.FALSE, "Succeeded", message);
      }
      case Failed -> {
        String reason = reasonOf(own, ConditionSet.FAILED).or(() -> reasonOf(own, ConditionSet.ACCEPTED))
            .orElse("Failed");
        kstatus.set(READY, ConditionSet.FALSE, reason, message);
        kstatus.set(RECONCILING, ConditionSet.FALSE, reason, message);
        kstatus.set(STALLED, ConditionSet.TRUE, reason, message);
      }
      case Suspended -> {
        kstatus.set(READY, ConditionSet.FALSE, "Suspended", message);
        kstatus.set(RECONCILING, ConditionSet.FALSE, "Suspended", message);
        kstatus.set(STALLED, ConditionSet.FALSE, "Suspended", message);
      }
      default -> {
        String reason = reasonOf(own, ConditionSet.RUNNING).orElse(phase.name());
        kstatus.set(READY, ConditionSet.FALSE, reason, message);
        kstatus.set(RECONCILING, ConditionSet.TRUE, reason, message);
        kstatus.set(STALLED, ConditionSet.FALSE, reason, message);
      }
    }
    List<Condition> all = new ArrayList<>(own);
    all.removeIf(c -> List.of(READY, RECONCILING, STALLED).contains(c.getType()));
    all.addAll(kstatus.toList());
    next.setConditions(all);
    return next;
  }

  private static Optional<String> reasonOf(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).map(Condition::getReason)
        .filter(r -> r != null && !r.isBlank()).findFirst();
  }
}
