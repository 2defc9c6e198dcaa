package dev.unlearning.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * docs/reference.md, made from the committed CRDs (crds/*.yml): every field of spec and status with its type, its
 * default, what the API server allows (bounds, enums, patterns, lengths, CEL rules with their messages) and its
 * description. FieldReferenceTest fails when the committed page differs; {@code main} writes it.
 */
public final class FieldReference {

  static final Path CRDS = Path.of("crds");
  static final Path PAGE = Path.of("docs", "reference.md");

  private FieldReference() {}

  /** Writes the page: {@code java -cp target/test-classes:... dev.unlearning.docs.FieldReference}. */
  public static void main(String[] args) throws IOException {
    Files.writeString(PAGE, render(CRDS));
  }

  static String render(Path crdDir) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# Field reference\n\n")
        .append("Every field of the custom resources, generated from the committed CRDs in [`crds/`](../crds) ")
        .append("(`FieldReference`; `FieldReferenceTest` fails when this page is stale). What `kubectl apply` ")
        .append("refuses, `run -f` refuses too: the worker checks a request against the same CRD.\n");
    List<Path> files;
    try (Stream<Path> list = Files.list(crdDir)) {
      files = list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Path file : files) {
      JsonNode crd = yaml.readTree(file.toFile());
      String kind = crd.at("/spec/names/kind").asText();
      for (JsonNode version : crd.at("/spec/versions")) {
        out.append("\n## ").append(kind).append(" (`").append(crd.at("/spec/group").asText()).append('/')
            .append(version.get("name").asText()).append("`)\n\n")
            .append("Short name: `").append(crd.at("/spec/names/shortNames/0").asText(kind.toLowerCase()))
            .append("`. Printer columns (`kubectl get`; `-o wide` adds those of priority 1): ");
        List<String> columns = new ArrayList<>();
        version.path("additionalPrinterColumns").forEach(c -> columns.add("`" + c.get("name").asText() + "`"
            + (c.path("priority").asInt() > 0 ? " (wide)" : "")));
        out.append(String.join(", ", columns)).append(".\n");
        JsonNode root = version.at("/schema/openAPIV3Schema/properties");
        for (String part : List.of("spec", "status")) {
          if (root.has(part)) {
            out.append("\n### ").append(part).append("\n\n")
                .append(clean(root.get(part).path("description").asText())).append("\n\n")
                .append("| Field | Type | Allowed values and default | Description |\n|---|---|---|---|\n");
            fields(out, part, root.get(part));
          }
        }
      }
    }
    return out.toString();
  }

  private static void fields(StringBuilder out, String path, JsonNode schema) {
    JsonNode properties = schema.path("properties");
    Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = path + "." + field.getKey();
      JsonNode node = field.getValue();
      out.append("| `").append(name).append("` | ").append(type(node)).append(" | ").append(cell(allowed(node, schema,
          field.getKey()))).append(" | ").append(cell(clean(node.path("description").asText()))).append(" |\n");
      if (node.has("properties")) {
        fields(out, name, node);
      } else if (node.path("items").has("properties")) {
        fields(out, name + "[]", node.get("items"));
      }
    }
  }

  private static String type(JsonNode node) {
    String type = node.path("type").asText("object");
    if (type.equals("array")) {
      return "array of " + node.path("items").path("type").asText("object");
    }
    if (node.has("additionalProperties")) {
      return "map of " + node.path("additionalProperties").path("type").asText("object");
    }
    if (node.path("x-kubernetes-int-or-string").asBoolean()) {
      return "integer or string";
    }
    return type;
  }

  private static String allowed(JsonNode node, JsonNode parent, String name) {
    List<String> parts = new ArrayList<>();
    for (JsonNode required : parent.path("required")) {
      if (required.asText().equals(name)) {
        parts.add("required");
      }
    }
    if (node.has("default")) {
      parts.add("default `" + node.get("default") + "`");
    }
    if (node.has("enum")) {
      List<String> values = new ArrayList<>();
      node.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
      parts.add("one of " + String.join(", ", values));
    }
    bound(parts, node, "minimum", node.path("exclusiveMinimum").asBoolean() ? "> " : ">= ");
    bound(parts, node, "maximum", node.path("exclusiveMaximum").asBoolean() ? "< " : "<= ");
    bound(parts, node, "minLength", "length >= ");
    bound(parts, node, "maxLength", "length <= ");
    bound(parts, node, "minItems", "items >= ");
    bound(parts, node, "maxItems", "items <= ");
    if (node.has("pattern")) {
      parts.add("pattern `" + node.get("pattern").asText() + "`");
    }
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      parts.add("rule: " + rule.path("message").asText(rule.path("rule").asText()));
    }
    return String.join("; ", parts);
  }

  private static void bound(List<String> parts, JsonNode node, String key, String prefix) {
    if (node.has(key)) {
      double value = node.get(key).asDouble();
      parts.add(prefix + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)));
    }
  }

  private static String clean(String text) {
    return text.replace("\n", " ").strip();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
