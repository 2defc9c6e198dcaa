package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed CRD is what the build generates, and it documents every field. */
class CrdIsCommittedTest {

  static final String FILE = "unlearningrequests.unlearning.dev-v1.yml";
  static final Path COMMITTED = Path.of("crds", FILE);
  static final String REGENERATE = "crds/" + FILE + " is stale: regenerate it with "
      + "`mvn -o package -DskipTests && cp target/kubernetes/" + FILE + " crds/` and commit it";

  @Test
  void committedCrdEqualsTheGeneratedOne(@TempDir Path dir) throws IOException {
    // The same generator and post-processor the build uses (quarkus-operator-sdk), so this does not depend on
    // whether a build already wrote target/kubernetes.
    new CRDGenerator().inOutputDir(dir.toFile()).forCRDVersions("v1").withPostProcessor(new CrdPostProcessor())
        .customResourceClasses(UnlearningRequest.class).generate();
    assertThat(Files.readString(COMMITTED)).as(REGENERATE).isEqualTo(Files.readString(dir.resolve(FILE)));
    Path built = Path.of("target", "kubernetes", FILE);
    if (Files.exists(built)) {
      assertThat(Files.readString(COMMITTED)).as(REGENERATE).isEqualTo(Files.readString(built));
    }
  }

  @Test
  void everyFieldHasADescription() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(COMMITTED.toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    List<String> undocumented = new ArrayList<>();
    collectUndocumented(schema, "", undocumented);
    assertThat(undocumented).isEmpty();
    assertThat(schema.at("/properties/spec/properties/forget/x-kubernetes-validations/0/rule").asText())
        .contains("has(self.fraction)");
    List<String> immutable = new ArrayList<>();
    schema.at("/properties/spec/x-kubernetes-validations").forEach(r -> immutable.add(r.get("message").asText()));
    // The post-processor adds the immutability rules to the spec's own (trainedLayers needs a TorchScript model).
    assertThat(immutable).startsWith("methodSettings.trainedLayers names layers of a TorchScript model (model.uri); a"
        + " built-in network trains from its first fully connected layer on");
    immutable.removeIf(m -> !m.endsWith("(only spec.suspend may change)"));
    assertThat(immutable).contains("spec.forget is immutable: create a new UnlearningRequest for a different run"
        + " (only spec.suspend may change)").noneMatch(m -> m.startsWith("spec.suspend"))
        .hasSize(schema.at("/properties/spec/properties").size() - 1);
    List<String> columns = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> columns.add(c.get("name").asText()));
    assertThat(columns).startsWith("PHASE", "PROGRESS", "RETAIN", "FORGET", "TEST", "AGE");
  }

  /** `kubectl get ulr -o wide` (priority 1) adds the evidence record's verdict; every column names a schema field. */
  @Test
  void wideColumnsShowTheVerdictAndEachColumnIsAField() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(COMMITTED.toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    List<String> wide = new ArrayList<>();
    for (JsonNode column : crd.at("/spec/versions/0/additionalPrinterColumns")) {
      String path = column.get("jsonPath").asText();
      if (column.path("priority").asInt() == 1) {
        wide.add(column.get("name").asText() + "=" + path);
      }
      if (path.startsWith(".metadata.")) {
        continue;
      }
      JsonNode field = schema;
      for (String name : path.substring(1).split("\\.")) {
        field = field.path("properties").path(name);
      }
      assertThat(field.path("type").asText()).as("column %s: %s in the schema", column.get("name"), path)
          .isEqualTo(column.get("type").asText());
    }
    assertThat(wide).contains("VERDICT=.status.evidence.verdict", "SIGNED=.status.evidence.signed");
    assertThat(schema.at("/properties/status/properties/evidence/properties/verdict/description").asText())
        .contains("Accepted").contains("Rejected").contains("NotGated");
  }

  private static void collectUndocumented(JsonNode node, String path, List<String> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.path("properties").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String fieldPath = path + "." + field.getKey();
      if (!field.getValue().hasNonNull("description")) {
        out.add(fieldPath);
      }
      collectUndocumented(field.getValue(), fieldPath, out);
    }
    if (node.has("items")) {
      collectUndocumented(node.get("items"), path + "[]", out);
    }
  }
}
