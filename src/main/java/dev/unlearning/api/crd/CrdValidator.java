package dev.unlearning.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.UnlearningRequestSpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a spec against the bundled CRD the way the API server does at {@code kubectl apply}: first the OpenAPI
 * schema (type, required, enum, bounds, lengths, pattern; OpenAPI 3.0's dialect, evaluated by networknt's
 * json-schema-validator), then, on a spec the schema accepts, the CEL rules. Transition rules ({@code oldSelf}) are
 * left out: they guard updates, and a request that never meets an API server is never updated. Compiled once per JVM.
 */
public final class CrdValidator {

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * OpenAPI 3.0's schema dialect, as Kubernetes uses it, with its extensions; CelRules evaluates the validations.
   * minimum and maximum read the (boolean) exclusive flags themselves, which are no keywords of their own here.
   */
  private static final Dialect KUBERNETES = Dialect.builder(Dialects.getOpenApi30())
      .keywords(List.of("exclusiveMinimum", "exclusiveMaximum", "x-kubernetes-validations", "x-kubernetes-int-or-string", "x-kubernetes-list-type",
              "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-preserve-unknown-fields",
              "x-kubernetes-embedded-resource").stream().map(NonValidationKeyword::new).toList())
      .build();
  private static final CrdValidator SPEC = new CrdValidator(CrdSchema.spec());

  private final JsonNode specSchema;
  private final Schema schema;
  private final Map<JsonNode, List<CelRules.Rule>> rulesAt = new IdentityHashMap<>();

  CrdValidator(JsonNode specSchema) {
    this.specSchema = specSchema;
    this.schema = SchemaRegistry.withDefaultDialect(KUBERNETES).getSchema(specSchema);
    for (CelRules.Rule rule : CelRules.of(specSchema, ".spec", false)) {
      rulesAt.computeIfAbsent(rule.schema(), k -> new ArrayList<>()).add(rule);
    }
  }

  /** Every problem the CRD finds in {@code spec}, each naming its field; empty when it accepts the spec or it is null. */
  public static List<SpecValidationException> problems(UnlearningRequestSpec spec) {
    return spec == null ? List.of() : SPEC.check(JSON.valueToTree(spec));
  }

  List<SpecValidationException> check(JsonNode spec) {
    List<SpecValidationException> out = new ArrayList<>();
    finite(spec, "spec", out);
    if (!out.isEmpty()) {
      return out;
    }
    for (Error e : schema.validate(spec)) {
      out.add(schemaProblem(e));
    }
    if (out.isEmpty()) {
      cel(spec, specSchema, "spec", out);
    }
    return out;
  }

  // A spec the API server stores is JSON, which has no NaN or infinity; Java and YAML (.inf, .nan) do.
  private static void finite(JsonNode value, String field, List<SpecValidationException> out) {
    if (value.isFloatingPointNumber() && !Double.isFinite(value.asDouble())) {
      out.add(new SpecValidationException(field, "must be a finite number (got " + value.asDouble() + ")"));
    }
    value.fields().forEachRemaining(f -> finite(f.getValue(), field + "." + f.getKey(), out));
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        finite(value.get(i), field + "[" + i + "]", out);
      }
    }
  }

  private SpecValidationException schemaProblem(Error e) {
    String field = field(e.getInstanceLocation());
    if ("required".equals(e.getKeyword())) {
      String missing = e.getProperty() != null ? e.getProperty() : String.valueOf(e.getArguments()[0]);
      return new SpecValidationException(field + "." + missing, "is missing");
    }
    String problem = SchemaMessages.problem(e.getKeyword(), schemaAt(e.getInstanceLocation()), e.getInstanceNode());
    return new SpecValidationException(field, problem != null ? problem : e.getMessage());
  }

  private static String field(NodePath path) {
    StringBuilder out = new StringBuilder("spec");
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      out.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
    }
    return out.toString();
  }

  private JsonNode schemaAt(NodePath path) {
    JsonNode node = specSchema;
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      node = element instanceof Integer ? node.path("items") : child(node, element.toString());
    }
    return node;
  }

  /** The schema of an object's field: its property's, else the one every entry of a map has. */
  private static JsonNode child(JsonNode schema, String field) {
    return schema.path("properties").has(field) ? schema.path("properties").path(field)
        : schema.path("additionalProperties");
  }

  private void cel(JsonNode value, JsonNode schema, String field, List<SpecValidationException> out) {
    for (CelRules.Rule rule : rulesAt.getOrDefault(schema, List.of())) {
      if (!rule.holds(value, null)) {
        out.add(new SpecValidationException(field + rule.fieldPath(), rule.message()
            + (value.isContainerNode() || !rule.fieldPath().isEmpty() ? "" : SchemaMessages.got(value))));
      }
    }
    if (value.isObject()) {
      value.fields().forEachRemaining(f -> cel(f.getValue(), child(schema, f.getKey()), field + "." + f.getKey(), out));
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        cel(value.get(i), schema.path("items"), field + "[" + i + "]", out);
      }
    }
  }
}
