package dev.unlearning.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chart in {@code charts/unlearning-operator}, run through Helm's own Go library (helm-java): lint, {@code helm
 * template} and {@code helm show crds}, parsed into objects as {@link Manifests} parses kubectl's output.
 */
final class HelmChart {

  static final Path CHART = Manifests.path("charts/unlearning-operator");
  static final String RELEASE = "unlearning-operator";
  /** The labels the chart adds to what config/default renders: Helm's conventional two, and no others. */
  static final Set<String> HELM_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/managed-by");

  private HelmChart() {}

  static LintResult lint() {
    return new Helm(CHART).lint().strict().call();
  }

  /** {@code helm template} into {@code namespace} with {@code values} (a values file written to {@code dir}). */
  static List<JsonNode> template(String namespace, Map<String, ?> values, Path dir) {
    TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(namespace);
    if (!values.isEmpty()) {
      try {
        Path file = Files.createTempFile(dir, "values", ".yaml");
        Manifests.YAML.writeValue(file.toFile(), values);
        template = template.withValuesFile(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Manifests.parseAll(template.call());
  }

  /** {@code helm show crds}: the chart's crds/ files, which Helm installs as they are (never templated). */
  static List<JsonNode> crds() {
    return Manifests.parseAll(new Helm(CHART).show().crds().call());
  }

  /** A copy of {@code object} without {@link #HELM_LABELS} (and without an emptied labels map). */
  static JsonNode withoutHelmLabels(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode labels = copy.path("metadata").path("labels");
    if (labels instanceof ObjectNode map) {
      HELM_LABELS.forEach(map::remove);
      if (map.isEmpty()) {
        ((ObjectNode) copy.get("metadata")).remove("labels");
      }
    }
    return copy;
  }

  /**
   * A copy of {@code node} with every number as its value alone: kustomize re-serializes the CRD and writes its
   * {@code minimum: 1.0} as {@code 1}, which Jackson would otherwise read as another node type.
   */
  static JsonNode numbersByValue(JsonNode node) {
    if (node.isNumber()) {
      return DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
    }
    if (node.isContainerNode()) {
      JsonNode copy = node.deepCopy();
      if (copy instanceof ObjectNode object) {
        node.fields().forEachRemaining(f -> object.set(f.getKey(), numbersByValue(f.getValue())));
      } else if (copy instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          array.set(i, numbersByValue(node.get(i)));
        }
      }
      return copy;
    }
    return node;
  }

  /** Objects by {@code Kind namespace/name}, sorted, for comparisons that name the object that differs. */
  static Map<String, JsonNode> byKey(List<JsonNode> objects) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode o : objects) {
      JsonNode meta = o.path("metadata");
      String key = o.path("kind").asText() + " " + meta.path("namespace").asText("") + "/" + meta.path("name").asText();
      if (out.put(key, o) != null) {
        throw new AssertionError("rendered twice: " + key);
      }
    }
    return out;
  }
}
