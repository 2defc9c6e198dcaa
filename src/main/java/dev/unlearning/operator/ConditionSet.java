package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request's conditions, one per type, in a fixed order. A condition keeps its lastTransitionTime while its
 * status stays the same, so an unchanged state yields an unchanged status and no write.
 */
final class ConditionSet {

  static final String ACCEPTED = "Accepted";
  static final String SCHEDULED = "Scheduled";
  static final String RUNNING = "Running";
  static final String COMPLETE = "Complete";
  static final String FAILED = "Failed";
  static final String SUSPENDED = "Suspended";
  static final String READY = KstatusConditions.READY;
  static final String RECONCILING = KstatusConditions.RECONCILING;
  static final String STALLED = KstatusConditions.STALLED;

  static final String TRUE = "True";
  static final String FALSE = "False";
  static final String UNKNOWN = "Unknown";

  private final Map<String, Condition> previous = new LinkedHashMap<>();
  private final Map<String, Condition> current = new LinkedHashMap<>();
  private final Long generation;
  private final String now;

  ConditionSet(List<Condition> previousConditions, Long generation, String now) {
    if (previousConditions != null) {
      previousConditions.forEach(c -> previous.put(c.getType(), c));
    }
    this.generation = generation;
    this.now = now;
  }

  ConditionSet set(String type, String status, String reason, String message) {
    Condition before = previous.get(type);
    String since = before != null && status.equals(before.getStatus()) && before.getLastTransitionTime() != null
        ? before.getLastTransitionTime() : now;
    current.put(type, new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build());
    return this;
  }

  /** Whether the previous status had a condition of this type. */
  boolean had(String type) {
    return previous.containsKey(type);
  }

  List<Condition> toList() {
    List<Condition> out = new ArrayList<>();
    for (String type : List.of(ACCEPTED, SCHEDULED, RUNNING, COMPLETE, FAILED, SUSPENDED, READY, RECONCILING,
        STALLED)) {
      if (current.containsKey(type)) {
        out.add(current.get(type));
      }
    }
    return out;
  }
}
