package dev.unlearning.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.unlearning.api.crd.CelRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The x-kubernetes-validations rules of the committed CRD, compiled and evaluated with Google's CEL for Java as the
 * API server would, through the same {@link CelRules} that run -f and the worker use.
 */
final class CrdRules {

  static final Path CRD = Path.of("crds/unlearningrequests.unlearning.dev-v1.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CrdRules() {}

  static JsonNode schema() {
    try {
      return YAML.readTree(CRD.toFile()).at("/spec/versions/0/schema/openAPIV3Schema");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of the CRD, transition rules too, in schema order; one that does not compile throws. */
  static List<CelRules.Rule> all() {
    return CelRules.of(schema(), "", true);
  }

  /** The rule's verdict on {@code selfYaml} and, for transition rules, {@code oldSelfYaml} (or null). */
  static boolean holds(CelRules.Rule rule, String selfYaml, String oldSelfYaml) {
    return rule.holds(read(selfYaml), oldSelfYaml == null ? null : read(oldSelfYaml));
  }

  static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
