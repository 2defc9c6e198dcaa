package dev.unlearning.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The words for a value the CRD's OpenAPI schema refuses, made from the field's own schema so that each message says
 * the whole constraint ("must be > 0 and < 1 (got 1.5)") whichever keyword failed.
 */
final class SchemaMessages {

  private SchemaMessages() {}

  /** The problem with {@code value} under {@code schema} for the failed {@code keyword}, or null to use the library's. */
  static String problem(String keyword, JsonNode schema, JsonNode value) {
    return switch (keyword) {
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> "must be " + bounds(schema) + got(value);
      case "enum" -> "must be one of " + texts(schema.path("enum")) + got(value);
      case "type" -> "must be " + article(schema.path("type").asText()) + got(value);
      case "anyOf" -> "must be an integer or a string such as 20Gi" + got(value);
      case "pattern" -> "must match " + schema.path("pattern").asText() + got(value);
      case "maxLength" -> "must be at most " + schema.path("maxLength").asInt() + " characters long (got "
          + value.asText().length() + ")";
      case "minItems", "maxItems" -> "must have " + count(schema, "Items", "items") + " (got " + value.size() + ")";
      case "minProperties", "maxProperties" -> "must have " + count(schema, "Properties", "entries") + " (got "
          + value.size() + ")";
      default -> null;
    };
  }

  /** "> 0 and < 1", ">= 1", "between 0 and 2147483647". */
  static String bounds(JsonNode schema) {
    List<String> parts = new ArrayList<>();
    if (schema.has("minimum")) {
      parts.add((schema.path("exclusiveMinimum").asBoolean() ? "> " : ">= ") + number(schema.get("minimum")));
    }
    if (schema.has("maximum")) {
      parts.add((schema.path("exclusiveMaximum").asBoolean() ? "< " : "<= ") + number(schema.get("maximum")));
    }
    return String.join(" and ", parts);
  }

  private static String count(JsonNode schema, String suffix, String noun) {
    boolean min = schema.has("min" + suffix);
    boolean max = schema.has("max" + suffix);
    if (min && max && schema.get("min" + suffix).asInt() == schema.get("max" + suffix).asInt()) {
      return "exactly " + schema.get("min" + suffix).asInt() + " " + noun;
    }
    List<String> parts = new ArrayList<>();
    if (min) {
      parts.add("at least " + schema.get("min" + suffix).asInt());
    }
    if (max) {
      parts.add("at most " + schema.get("max" + suffix).asInt());
    }
    return String.join(" and ", parts) + " " + noun;
  }

  private static String number(JsonNode n) {
    return n.decimalValue().stripTrailingZeros().toPlainString();
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "object", "array" -> "an " + type;
      case "string", "number", "boolean" -> "a " + type;
      default -> type;
    };
  }

  /** " (got 1.5)" for a scalar, " (got a list)" for a list. */
  static String got(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "";
    }
    if (value.isTextual()) {
      return " (got '" + value.asText() + "')";
    }
    if (value.isNumber()) {
      return " (got " + (value.isIntegralNumber() ? value.asText() : Double.toString(value.asDouble())) + ")";
    }
    return value.isContainerNode() ? " (got " + (value.isArray() ? "a list" : "an object") + ")" : " (got " + value + ")";
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
