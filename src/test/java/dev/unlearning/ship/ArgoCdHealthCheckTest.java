package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the shipped Argo CD health check (k8s/argocd/unlearningrequest-health.lua) in LuaJ, like Argo CD runs it in
 * gopher-lua: the resource as the global {@code obj}, the script's return value a table with status and message.
 */
class ArgoCdHealthCheckTest {

  static final Path SCRIPT = Manifests.path("k8s/argocd/unlearningrequest-health.lua");
  static final Path PATCH = Manifests.path("k8s/argocd/argocd-cm-patch.yaml");
  static final Path FIXTURES = Manifests.path("src/test/resources/argocd");
  static final String HEALTH_KEY = "resource.customizations.health.unlearning.dev_UnlearningRequest";
  static final String IGNORE_KEY = "resource.customizations.ignoreDifferences.unlearning.dev_UnlearningRequest";

  record Health(String status, String message) {}

  static Health run(String script, JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    assertThat(result.istable()).as("the script returns a table").isTrue();
    return new Health(result.get("status").optjstring(null), result.get("message").optjstring(null));
  }

  /** JSON to Lua as Argo CD does it: objects and arrays become tables (arrays 1-based), numbers are doubles. */
  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        t.set(f.getKey(), toLua(f.getValue()));
      }
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, toLua(node.get(i)));
      }
      return t;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isNull()) {
      return LuaValue.NIL;
    }
    return LuaValue.valueOf(node.asText());
  }

  @TestFactory
  Iterable<DynamicTest> healthOfEachFixture() {
    String script = Manifests.read(SCRIPT);
    JsonNode cases = Manifests.parseOne(FIXTURES.resolve("health_test.yaml")).path("tests");
    assertThat(cases.size()).as("cases").isGreaterThanOrEqualTo(8);
    return () -> java.util.stream.StreamSupport.stream(cases.spliterator(), false)
        .map(c -> DynamicTest.dynamicTest(c.path("inputPath").asText(), () -> {
          JsonNode resource = Manifests.parseOne(FIXTURES.resolve(c.path("inputPath").asText()));
          Health health = run(script, resource);
          assertThat(health.status()).isEqualTo(c.path("healthStatus").path("status").asText());
          assertThat(health.message()).isEqualTo(c.path("healthStatus").path("message").asText());
        }))
        .iterator();
  }

  @Test
  void everyPhaseOfTheModelIsCovered() {
    var covered = new java.util.HashSet<String>();
    for (JsonNode c : Manifests.parseOne(FIXTURES.resolve("health_test.yaml")).path("tests")) {
      JsonNode resource = Manifests.parseOne(FIXTURES.resolve(c.path("inputPath").asText()));
      covered.add(resource.path("status").path("phase").asText());
    }
    for (dev.unlearning.api.Phase phase : dev.unlearning.api.Phase.values()) {
      assertThat(covered).as("a fixture in phase " + phase).contains(phase.name());
    }
  }

  @Test
  void argocdCmPatchInstallsExactlyTheShippedScript() {
    JsonNode cm = Manifests.parseOne(PATCH);
    assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(cm.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
    assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo("argocd");
    assertThat(cm.path("data").path(HEALTH_KEY).asText()).isEqualTo(Manifests.read(SCRIPT));
    JsonNode ignore = Manifests.parseAll(cm.path("data").path(IGNORE_KEY).asText()).get(0);
    assertThat(Manifests.texts(ignore.path("jsonPointers"))).containsExactly("/status");
  }
}
