package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unlearning.api.crd.CelRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the CRD's schema itself refuses at {@code kubectl apply}, without CEL: required fields, enums and numeric
 * bounds (each of issue 11's list), and a maxLength on every string a CEL rule reads (the API server's cost budget).
 */
class CrdSchemaTest {

  private final JsonNode spec = CrdRules.schema().at("/properties/spec");

  @Test
  void requiredFields() {
    assertThat(texts(spec.path("required"))).containsExactlyInAnyOrder("model", "dataset", "forget", "output");
    assertThat(texts(spec.at("/properties/dataset/required"))).containsExactlyInAnyOrder("format", "uri");
    assertThat(texts(spec.at("/properties/output/required"))).containsExactly("uri");
  }

  @Test
  void enums() {
    assertThat(texts(spec.at("/properties/dataset/properties/format/enum")))
        .containsExactly("idx", "cifar10-binary", "image-folder");
    assertThat(texts(spec.at("/properties/model/properties/architecture/enum"))).containsExactly("small-cnn", "resnet18");
    assertThat(texts(spec.at("/properties/method/enum")))
        .containsExactly("confuse-finetune", "finetune", "neggrad-plus", "random-labels", "salun", "heldout-match",
            "reinit-finetune");
    assertThat(spec.at("/properties/method").has("pattern")).as("an enum, not a pattern").isFalse();
    assertThat(texts(spec.at("/properties/methodSettings/properties/forgetLoss/enum"))).containsExactly("ascent",
        "unlikelihood");
  }

  @Test
  void bounds() {
    bound("/learningRate", 0, true, null, false);
    bound("/momentum", 0, false, 1.0, true);
    bound("/weightDecay", 0, false, null, false);
    bound("/retainSampleFraction", 0, true, 1.0, false);
    bound("/forget/properties/fraction", 0, true, 1.0, true);
    bound("/batchSize", 1, false, null, false);
    bound("/epochs", 1, false, null, false);
    bound("/noiseStd", 0, false, null, false);
    bound("/job/properties/gpus", 0, false, null, false);
  }

  @Test
  void everyStringOrListARuleWalksIsBounded() {
    for (CelRules.Rule rule : CrdRules.all()) {
      JsonNode node = rule.schema();
      String type = node.path("type").asText();
      if (type.equals("string")) {
        assertThat(node.has("maxLength")).as("maxLength of %s", rule.path()).isTrue();
      } else if (type.equals("array")) {
        assertThat(node.has("maxItems")).as("maxItems of %s", rule.path()).isTrue();
      }
    }
  }

  private void bound(String field, double min, boolean exclusiveMin, Double max, boolean exclusiveMax) {
    JsonNode node = spec.at("/properties" + field);
    assertThat(node.path("minimum").asDouble(Double.NaN)).as("minimum of %s", field).isEqualTo(min);
    assertThat(node.path("exclusiveMinimum").asBoolean()).as("exclusiveMinimum of %s", field).isEqualTo(exclusiveMin);
    if (max == null) {
      assertThat(node.has("maximum")).as("maximum of %s", field).isFalse();
    } else {
      assertThat(node.path("maximum").asDouble()).as("maximum of %s", field).isEqualTo(max);
      assertThat(node.path("exclusiveMaximum").asBoolean()).as("exclusiveMaximum of %s", field).isEqualTo(exclusiveMax);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
