package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.unlearning.api.SpecRuleTable.Owner;
import dev.unlearning.api.SpecRuleTable.Row;
import dev.unlearning.api.crd.CrdSchema;
import dev.unlearning.api.crd.CrdValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every rule about a spec lives in exactly one place: the CRD (its OpenAPI schema and CEL rules, which the API server
 * enforces at {@code kubectl apply} and {@link CrdValidator} evaluates for run -f, the worker and the operator) or
 * {@link SpecValidator} (what the schema cannot say). Each row of {@link SpecRuleTable} breaks one rule of a valid
 * spec: exactly one of the two must refuse it, naming the field (none in both, none lost), and every constraint of
 * the CRD's spec schema must have its row.
 */
class SpecRulesInOnePlaceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theBaseSpecIsValid() {
    UnlearningRequestSpec base = spec(SpecRuleTable.base());
    assertThat(CrdValidator.problems(base)).isEmpty();
    assertThat(SpecValidator.problems(base)).isEmpty();
  }

  @Test
  void eachRuleIsEnforcedByExactlyOnePlace() {
    List<String> wrong = new ArrayList<>();
    for (Row row : SpecRuleTable.rows()) {
      ObjectNode tree = SpecRuleTable.base();
      row.breaks().accept(tree);
      UnlearningRequestSpec spec = row.nullSpec() ? null : spec(tree);
      List<SpecValidationException> crd = CrdValidator.problems(spec);
      List<SpecValidationException> validator = SpecValidator.problems(spec);
      List<SpecValidationException> owner = row.owner() == Owner.CRD ? crd : validator;
      List<SpecValidationException> other = row.owner() == Owner.CRD ? validator : crd;
      if (owner.isEmpty() || !other.isEmpty()) {
        wrong.add(row.constraint() + ": CRD " + crd + ", SpecValidator " + validator);
      } else if (!owner.get(0).field().equals(row.field())) {
        wrong.add(row.constraint() + ": names " + owner.get(0).field() + ", not " + row.field() + ": " + owner);
      }
    }
    assertThat(wrong).as("rows refused by none, by both or for another field").isEmpty();
  }

  /** The guard: a constraint added to the CRD without a row here fails, and so does a row for a constraint gone. */
  @Test
  void everyConstraintOfTheCrdHasItsRow() {
    Set<String> constraints = new TreeSet<>();
    collect(CrdSchema.spec(), ".spec", constraints);
    assertThat(constraints).hasSizeGreaterThan(80);
    Set<String> covered = new TreeSet<>();
    SpecRuleTable.rows().stream().filter(r -> r.owner() == Owner.CRD).map(Row::constraint).forEach(covered::add);
    covered.remove(SpecRuleTable.FINITE);
    assertThat(covered).isEqualTo(constraints);
  }

  @Test
  void theBundledCrdIsTheCommittedOne() throws Exception {
    JsonNode committed = YAML.readTree(new java.io.File("crds/unlearningrequests.unlearning.dev-v1.yml"))
        .at("/spec/versions/0/schema/openAPIV3Schema");
    assertThat(CrdSchema.openApi()).isEqualTo(committed);
  }

  private static final List<String> KEYWORDS = List.of("enum", "minimum", "maximum", "minLength", "maxLength",
      "minItems", "maxItems", "minProperties", "maxProperties", "pattern");

  /**
   * Every constraint under {@code node}, named as the table names them: "path keyword", "path required field",
   * "path exclusiveMinimum" when set, "path rule message" for CEL. Transition rules ({@code oldSelf}) only guard
   * updates, which a request without an API server never has: CrdCelRulesTest covers them.
   */
  static void collect(JsonNode node, String path, Set<String> out) {
    node.path("required").forEach(r -> out.add(path + " required " + r.asText()));
    KEYWORDS.stream().filter(node::has).forEach(k -> out.add(path + " " + k));
    for (String exclusive : List.of("exclusiveMinimum", "exclusiveMaximum")) {
      if (node.path(exclusive).asBoolean()) {
        out.add(path + " " + exclusive);
      }
    }
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      if (!rule.path("rule").asText().contains("oldSelf")) {
        out.add(path + " rule " + rule.path("message").asText());
      }
    }
    node.path("properties").fields().forEachRemaining(f -> collect(f.getValue(), path + "." + f.getKey(), out));
    if (node.has("items")) {
      collect(node.get("items"), path + "[]", out);
    }
    if (node.path("additionalProperties").isObject()) {
      collect(node.get("additionalProperties"), path + "{}", out);
    }
  }

  private static UnlearningRequestSpec spec(JsonNode tree) {
    try {
      return JSON.treeToValue(tree, UnlearningRequestSpec.class);
    } catch (Exception e) {
      throw new AssertionError("not a spec: " + tree, e);
    }
  }
}
