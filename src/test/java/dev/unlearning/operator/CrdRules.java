package dev.unlearning.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The x-kubernetes-validations rules of the committed CRD, compiled and evaluated with Google's CEL for Java as the
 * API server would: {@code self} is the value at the rule's node, {@code oldSelf} the stored one (transition rules),
 * numbers typed by the schema (a {@code number} is a double even when written 1, an {@code integer} an int).
 */
final class CrdRules {

  static final Path CRD = Path.of("crds/unlearningrequests.unlearning.dev-v1.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();

  /** One rule: where it sits (".spec.forget"), its schema node, its CEL text and message. */
  record Rule(String path, JsonNode schema, String cel, String message) {

    boolean transition() {
      return cel.contains("oldSelf");
    }

    CelAbstractSyntaxTree compiled() {
      try {
        return CEL.compile(cel).getAst();
      } catch (CelValidationException e) {
        throw new AssertionError("rule at " + path + " does not compile: " + cel + "\n" + e.getMessage(), e);
      }
    }

    /** The rule's verdict on {@code self} (YAML) and, for transition rules, {@code oldSelf}. */
    boolean holds(String selfYaml, String oldSelfYaml) {
      return holds(read(selfYaml), oldSelfYaml == null ? null : read(oldSelfYaml));
    }

    boolean holds(JsonNode self, JsonNode oldSelf) {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("self", typed(self, schema));
      if (oldSelf != null) {
        vars.put("oldSelf", typed(oldSelf, schema));
      }
      try {
        Object result = CEL.createProgram(compiled()).eval(vars);
        if (!(result instanceof Boolean b)) {
          throw new AssertionError("rule at " + path + " gives " + result + ", not a bool: " + cel);
        }
        return b;
      } catch (CelEvaluationException e) {
        throw new AssertionError("rule at " + path + " fails to evaluate on " + self + ": " + e.getMessage(), e);
      }
    }
  }

  private CrdRules() {}

  static JsonNode schema() {
    try {
      return YAML.readTree(CRD.toFile()).at("/spec/versions/0/schema/openAPIV3Schema");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of the CRD, in schema order. */
  static List<Rule> all() {
    List<Rule> rules = new ArrayList<>();
    collect(schema(), "", rules);
    return rules;
  }

  private static void collect(JsonNode node, String path, List<Rule> out) {
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      out.add(new Rule(path, node, rule.path("rule").asText(), rule.path("message").asText()));
    }
    node.path("properties").fields().forEachRemaining(f -> collect(f.getValue(), path + "." + f.getKey(), out));
    if (node.has("items")) {
      collect(node.get("items"), path + "[]", out);
    }
  }

  static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON as CEL sees it under {@code schema}: maps, lists, int64 for integer, double for number. */
  static Object typed(JsonNode value, JsonNode schema) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(f -> map.put(f.getKey(), typed(f.getValue(),
          schema.path("properties").path(f.getKey()))));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(v -> list.add(typed(v, schema.path("items"))));
      return list;
    }
    if (value.isNumber()) {
      return "integer".equals(schema.path("type").asText()) ? (Object) value.asLong() : (Object) value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }
}
