package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Transition rules that keep every top-level spec field as it was created, except the ones a running request may
 * change ({@code suspend}). One rule per field, derived from the schema, so a field added to the model is
 * immutable without anyone remembering to say so, and the API server's message names the field.
 */
final class ImmutableSpec {

  static final Set<String> MUTABLE = Set.of("suspend");

  private ImmutableSpec() {}

  static List<ValidationRule> rules(JSONSchemaProps spec) {
    List<ValidationRule> rules = new ArrayList<>();
    for (String field : spec.getProperties().keySet()) {
      if (!MUTABLE.contains(field)) {
        rules.add(new ValidationRuleBuilder()
            .withRule("has(self." + field + ") == has(oldSelf." + field + ") && (!has(self." + field + ") || self."
                + field + " == oldSelf." + field + ")")
            .withMessage("spec." + field + " is immutable: create a new UnlearningRequest for a different run"
                + " (only spec.suspend may change)")
            .build());
      }
    }
    return rules;
  }
}
