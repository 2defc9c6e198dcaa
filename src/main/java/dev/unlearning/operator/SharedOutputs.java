package dev.unlearning.operator;

import dev.unlearning.api.Location;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Warns when other requests in the same namespace name the same output location: the worker refuses a location that
 * holds another request's result (unless spec.output.overwrite), and two runs at once would write over each other.
 * While it holds, an unfinished request has the condition {@value #CONDITION}=True; a Warning Event marks its start.
 */
@ApplicationScoped
public class SharedOutputs {

  public static final String CONDITION = "OutputShared";

  @Inject
  RequestEvents events;

  /** Adds or removes the condition in {@code next}; records the Event when the sharing is new. */
  void mark(UnlearningRequest request, UnlearningRequestStatus previous, UnlearningRequestStatus next,
      Stream<UnlearningRequest> all, Instant now) {
    if (StatusMapper.isFinished(previous) || next.getConditions() == null) {
      return;
    }
    Optional<Condition> before = condition(previous);
    List<Condition> conditions = new ArrayList<>(next.getConditions());
    conditions.removeIf(c -> CONDITION.equals(c.getType()));
    Optional<String> shared = warning(request, all);
    if (shared.isPresent()) {
      String since = before.map(Condition::getLastTransitionTime)
          .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
      conditions.add(new ConditionBuilder().withType(CONDITION).withStatus(ConditionSet.TRUE).withReason(CONDITION)
          .withMessage(shared.get()).withObservedGeneration(request.getMetadata().getGeneration())
          .withLastTransitionTime(since).build());
      if (before.isEmpty()) {
        events.warning(request, CONDITION, shared.get());
      }
    }
    next.setConditions(conditions);
  }

  /** The warning, when other requests of the namespace write to the same folder. */
  static Optional<String> warning(UnlearningRequest request, Stream<UnlearningRequest> all) {
    Optional<String> mine = folder(request);
    if (mine.isEmpty()) {
      return Optional.empty();
    }
    String namespace = request.getMetadata().getNamespace();
    List<String> others = all
        .filter(r -> Objects.equals(namespace, r.getMetadata().getNamespace()))
        .filter(r -> !Objects.equals(request.getMetadata().getName(), r.getMetadata().getName()))
        .filter(r -> folder(r).equals(mine))
        .map(r -> r.getMetadata().getName()).sorted().toList();
    if (others.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("spec.output.uri " + Location.displayOf(request.getSpec().getOutput().getUri())
        + " is also the output of " + (others.size() == 1 ? "request " : "requests ") + String.join(", ", others)
        + " in this namespace: a run refuses a location that holds another request's result unless its"
        + " spec.output.overwrite is true, and two runs at once write over each other");
  }

  private static Optional<String> folder(UnlearningRequest request) {
    try {
      return Optional.of(Location.parse("spec.output.uri", request.getSpec().getOutput().getUri()).folderKey());
    } catch (SpecValidationException | NullPointerException e) {
      return Optional.empty(); // an invalid spec is reported as such
    }
  }

  private static Optional<Condition> condition(UnlearningRequestStatus status) {
    return status == null || status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream().filter(c -> CONDITION.equals(c.getType())).findFirst();
  }
}
