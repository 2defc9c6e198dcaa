package dev.unlearning.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The x-kubernetes-validations rules of a CRD schema, compiled once with Google's CEL for Java and evaluated as the
 * API server does: {@code self} is the value at the rule's node, {@code oldSelf} the stored one (transition rules,
 * which only updates have), numbers typed by the schema (a {@code number} is a double even when written 1, an
 * {@code integer} an int).
 */
public final class CelRules {

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();

  /**
   * One compiled rule: where it sits (".spec.forget"), its schema node, its CEL text and message, and the field it
   * reports ({@code fieldPath}, relative to where it sits, such as ".classWeights"; empty for the node itself).
   */
  public record Rule(String path, JsonNode schema, String cel, String message, String fieldPath,
      CelRuntime.Program program) {

    public boolean transition() {
      return cel.contains("oldSelf");
    }

    /** The rule's verdict on {@code self} and, for transition rules, {@code oldSelf} (null for a create). */
    public boolean holds(JsonNode self, JsonNode oldSelf) {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("self", typed(self, schema));
      if (oldSelf != null) {
        vars.put("oldSelf", typed(oldSelf, schema));
      }
      try {
        Object result = program.eval(vars);
        if (!(result instanceof Boolean b)) {
          throw new IllegalStateException("rule at " + path + " gives " + result + ", not a bool: " + cel);
        }
        return b;
      } catch (CelEvaluationException e) {
        throw new IllegalStateException("rule at " + path + " fails to evaluate on " + self + ": " + e.getMessage(), e);
      }
    }
  }

  private CelRules() {}

  /**
   * Every rule under {@code schema} in schema order, compiled; {@code transitions} false leaves out the rules that
   * need {@code oldSelf}.
   *
   * @throws IllegalStateException when a rule does not compile
   */
  public static List<Rule> of(JsonNode schema, String path, boolean transitions) {
    List<Rule> rules = new ArrayList<>();
    collect(schema, path, transitions, rules);
    return rules;
  }

  private static void collect(JsonNode node, String path, boolean transitions, List<Rule> out) {
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      String cel = rule.path("rule").asText();
      if (transitions || !cel.contains("oldSelf")) {
        out.add(new Rule(path, node, cel, rule.path("message").asText(), rule.path("fieldPath").asText(""),
            compile(path, cel)));
      }
    }
    node.path("properties").fields().forEachRemaining(f -> collect(f.getValue(), path + "." + f.getKey(), transitions, out));
    if (node.has("items")) {
      collect(node.get("items"), path + "[]", transitions, out);
    }
  }

  private static CelRuntime.Program compile(String path, String cel) {
    try {
      return CEL.createProgram(CEL.compile(cel).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("the CRD rule at " + path + " does not compile: " + cel + "\n" + e.getMessage(), e);
    }
  }

  /** JSON as CEL sees it under {@code schema}: maps, lists, int64 for integer, double for number. */
  public static Object typed(JsonNode value, JsonNode schema) {
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
