package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unlearning.api.Location;
import dev.unlearning.api.crd.CelRules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every CEL rule of the committed CRD, compiled and evaluated with a real CEL implementation (dev.cel) on objects it
 * must accept and objects it must refuse, the way the API server runs them at {@code kubectl apply}. A rule that does
 * not compile, or a new rule without cases here, fails the build.
 */
class CrdCelRulesTest {

  private record Cases(List<String> accepted, List<String> refused) {}

  /** By the rule's message: values of the rule's node (YAML) that it must accept and must refuse. */
  private static final Map<String, Cases> CASES = Map.ofEntries(
      Map.entry("every class weight must be >= 0",
          new Cases(List.of("[1, 0.5, 0]"), List.of("[1, -0.1]"))),
      Map.entry("channels and imageSize apply to format image-folder only",
          new Cases(List.of("{format: image-folder, channels: 3, imageSize: [32, 32]}", "{format: idx}", "{uri: /d}"),
              List.of("{format: idx, channels: 1}", "{imageSize: [28, 28]}"))),
      Map.entry("channels must be 1 (grey) or 3 (RGB)",
          new Cases(List.of("1", "3"), List.of("2", "0"))),
      Map.entry("imageSize values must be >= 1",
          new Cases(List.of("[32, 32]"), List.of("[0, 32]"))),
      Map.entry("give exactly one of fraction, classes or indicesFile",
          new Cases(List.of("{fraction: 0.1}", "{classes: [9]}", "{indicesFile: pvc://data/forget.txt, seed: 1}"),
              List.of("{seed: 1}", "{fraction: 0.1, classes: [1]}"))),
      Map.entry("class indices must be >= 0",
          new Cases(List.of("[0, 9]"), List.of("[3, -1]"))),
      Map.entry("give model.uri (a TorchScript file), model.architecture (a built-in one) or model.fromOutput (an"
          + " earlier run's output)",
          new Cases(List.of("{uri: pvc://models/m.pt}", "{architecture: small-cnn}", "{uri: /m.pt, architecture: resnet18}",
              "{fromOutput: s3://results/run-1}"), List.of("{numClasses: 10}", "{}"))),
      Map.entry("model.uri and model.fromOutput both name the model to unlearn: give one",
          new Cases(List.of("{uri: /m.pt}", "{fromOutput: /out/run-1, architecture: resnet18}"),
              List.of("{uri: /m.pt, fromOutput: /out/run-1}"))),
      Map.entry("methodSettings.trainedLayers names layers of a TorchScript model (model.uri); a built-in network"
          + " trains from its first fully connected layer on",
          new Cases(List.of("{}", "{model: {uri: /m.pt}, methodSettings: {trainedLayers: [fc]}}",
              "{methodSettings: {frozenFeatures: true}}"),
              List.of("{model: {architecture: small-cnn}, methodSettings: {trainedLayers: [fc]}}",
                  "{methodSettings: {trainedLayers: [fc]}}"))),
      Map.entry("trainedLayers needs frozenFeatures: true",
          new Cases(List.of("{}", "{frozenFeatures: true, trainedLayers: [fc]}", "{frozenFeatures: false}"),
              List.of("{trainedLayers: [fc]}", "{frozenFeatures: false, trainedLayers: [fc]}"))),
      Map.entry("confuseLayers is given exactly when confuseScope is named",
          new Cases(List.of("{}", "{confuseScope: stem}", "{confuseScope: named, confuseLayers: [conv1]}"),
              List.of("{confuseScope: named}", "{confuseLayers: [conv1]}", "{confuseScope: all, confuseLayers: [x]}"))),
      Map.entry("give reference.retrain: true or reference.model, not both",
          new Cases(List.of("{retrain: true}", "{model: {uri: /r.pt}}", "{retrain: false, model: {uri: /r.pt}}"),
              List.of("{retrain: true, model: {uri: /r.pt}}"))),
      Map.entry("reference.initialization applies to reference.retrain: true",
          new Cases(List.of("{}", "{retrain: true, initialization: kaiming-normal}"),
              List.of("{initialization: kaiming-normal}", "{model: {uri: /r.pt}, initialization: reset-parameters}"))),
      Map.entry("every std value must be > 0",
          new Cases(List.of("[0.5, 0.25, 1]"), List.of("[0.5, 0]", "[-1.0]"))),
      Map.entry("mean and std must both be given with one value per channel",
          new Cases(List.of("{mean: [0.5], std: [0.25]}", "{mean: [0.4, 0.4, 0.4], std: [0.2, 0.2, 0.2]}"),
              List.of("{mean: [0.5]}", "{std: [0.5]}", "{mean: [0.5, 0.5], std: [0.2]}", "{}"))),
      Map.entry("needs one weight per class, as many as model.numClasses (default 10)",
          new Cases(List.of("{}", "{classWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}",
              "{model: {numClasses: 2}, classWeights: [1, 0.5]}"),
              List.of("{classWeights: [1, 0.5]}", "{model: {numClasses: 3}, classWeights: [1, 1]}"))),
      Map.entry("class indices must be < model.numClasses (default 10)",
          new Cases(List.of("{}", "{forget: {fraction: 0.1}}", "{forget: {classes: [0, 9]}}",
              "{model: {numClasses: 100}, forget: {classes: [42]}}"),
              List.of("{forget: {classes: [10]}}", "{model: {numClasses: 2}, forget: {classes: [0, 2]}}"))),
      Map.entry("acceptance needs at least one threshold",
          new Cases(List.of("{maxForgetAboveTest: 3}", "{maxMiaDistance: 0.05, maxRetainDrop: 5}", "{maxMiaGap: 1}"),
              List.of("{}"))),
      Map.entry("the gap thresholds of acceptance compare with a reference model: they need reference.retrain: true"
          + " or reference.model.uri",
          new Cases(List.of("{}", "{acceptance: {maxForgetAboveTest: 3}}",
              "{acceptance: {maxAvgGap: 2}, reference: {retrain: true}}",
              "{acceptance: {maxAvgGap: 2}, reference: {model: {uri: s3://b/retrained.pt}}}"),
              List.of("{acceptance: {maxAvgGap: 2}}", "{acceptance: {maxTestGap: 1}, reference: {retrain: false}}",
                  "{acceptance: {maxRetainGap: 1, maxMiaDistance: 0.1}, reference: {epochs: 3}}"))),
      // On model.uri, dataset.uri, forget.indicesFile and output.uri.
      Map.entry(Location.CEL_SCHEME_MESSAGE,
          new Cases(List.of("/data/fashion-mnist", "relative/dir", "file:///data/x", "pvc://datasets/fmnist",
              "s3://bucket/prefix", "S3://bucket/key", "https://example.com/d.zip", "http://mirror.local/m.pt"),
              List.of("ftp://host/x", "gs://bucket/x", "pvc:/claim/x://"))));

  @Test
  void everyRuleCompiles() {
    List<Rule> rules = CrdRules.all();
    assertThat(rules).hasSizeGreaterThan(CASES.size()).allSatisfy(r -> assertThat(r.program()).isNotNull());
  }

  @Test
  void everyRuleAcceptsAndRefusesItsCases() {
    List<Rule> rules = CrdRules.all().stream().filter(r -> !r.transition()).toList();
    assertThat(new TreeSet<>(rules.stream().map(Rule::message).toList()))
        .as("rules of the CRD with cases here (add cases for a new rule)").isEqualTo(new TreeSet<>(CASES.keySet()));
    for (Rule rule : rules) {
      Cases cases = CASES.get(rule.message());
      assertThat(cases.accepted()).isNotEmpty();
      assertThat(cases.refused()).isNotEmpty();
      cases.accepted().forEach(c -> assertThat(CrdRules.holds(rule, c, null)).as("%s accepts %s", rule.cel(), c).isTrue());
      cases.refused().forEach(c -> assertThat(CrdRules.holds(rule, c, null)).as("%s refuses %s", rule.cel(), c).isFalse());
    }
  }

  /** The transition rules (with oldSelf): a change of any spec field but suspend is refused, naming the field. */
  @Test
  void everySpecFieldButSuspendIsImmutable() {
    JsonNode spec = CrdRules.schema().at("/properties/spec");
    List<Rule> transitions = CrdRules.all().stream().filter(Rule::transition).toList();
    List<String> fields = new ArrayList<>();
    spec.path("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields).contains("suspend", "model", "forget", "job");
    assertThat(transitions).allSatisfy(r -> assertThat(r.path()).isEqualTo(".spec"))
        .extracting(Rule::message).hasSize(fields.size() - 1).noneMatch(m -> m.startsWith("spec.suspend "));

    ObjectNode stored = JsonNodeFactory.instance.objectNode();
    fields.forEach(f -> stored.set(f, sample(spec.path("properties").path(f), 1)));
    for (String field : fields) {
      ObjectNode changed = stored.deepCopy();
      changed.set(field, sample(spec.path("properties").path(field), 2));
      ObjectNode removed = stored.deepCopy();
      removed.remove(field);
      List<String> refusedChange = refusing(transitions, changed, stored);
      if (field.equals("suspend")) {
        assertThat(refusedChange).as("suspend may change").isEmpty();
        assertThat(refusing(transitions, removed, stored)).as("suspend may be removed").isEmpty();
      } else {
        assertThat(refusedChange).as("a change of spec.%s", field).containsExactly("spec." + field
            + " is immutable: create a new UnlearningRequest for a different run (only spec.suspend may change)");
        assertThat(refusing(transitions, removed, stored)).as("spec.%s removed", field).hasSize(1);
        assertThat(refusing(transitions, stored, removed)).as("spec.%s added", field).hasSize(1);
      }
    }
    assertThat(refusing(transitions, stored, stored.deepCopy())).as("an update that changes nothing").isEmpty();
  }

  private static List<String> refusing(List<Rule> rules, JsonNode self, JsonNode oldSelf) {
    return rules.stream().filter(r -> !r.holds(self, oldSelf)).map(Rule::message).toList();
  }

  /** A value of the schema's type; {@code variant} 1 and 2 differ. */
  private static JsonNode sample(JsonNode schema, int variant) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    return switch (schema.path("type").asText()) {
      case "integer" -> json.numberNode(variant);
      case "number" -> json.numberNode(variant / 4.0);
      case "boolean" -> json.booleanNode(variant == 1);
      case "string" -> json.textNode("v" + variant);
      case "array" -> json.arrayNode().add(sample(schema.path("items"), variant));
      default -> json.objectNode().put("x", variant);
    };
  }
}
