package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the shipped Argo CD resource actions (k8s/argocd/actions) in LuaJ as Argo CD runs them: discovery.lua offers
 * suspend or resume by the request's state, and each action.lua returns the resource with spec.suspend set.
 */
class ArgoCdActionsTest {

  static final Path ACTIONS = Manifests.path("k8s/argocd/actions");
  static final Path CASES = ArgoCdHealthCheckTest.FIXTURES.resolve("actions");
  static final String ACTIONS_KEY = "resource.customizations.actions.unlearning.dev_UnlearningRequest";

  static LuaValue run(Path script, JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", ArgoCdHealthCheckTest.toLua(resource));
    return globals.load(Manifests.read(script), script.getFileName().toString()).call();
  }

  @TestFactory
  Iterable<DynamicTest> discoveryOffersSuspendOrResumeByState() {
    JsonNode cases = Manifests.parseOne(CASES.resolve("action_test.yaml")).path("discoveryTests");
    assertThat(cases.size()).isGreaterThanOrEqualTo(5);
    return () -> StreamSupport.stream(cases.spliterator(), false)
        .map(c -> DynamicTest.dynamicTest(c.path("inputPath").asText(), () -> {
          LuaValue actions = run(ACTIONS.resolve("discovery.lua"), Manifests.parseOne(CASES.resolve(c.path("inputPath").asText())));
          List<String> enabled = new ArrayList<>();
          for (String name : List.of("suspend", "resume")) {
            LuaValue action = actions.get(name);
            assertThat(action.istable()).as("%s is listed", name).isTrue();
            if (!action.get("disabled").toboolean()) {
              enabled.add(name);
            }
          }
          assertThat(enabled).containsExactlyElementsOf(Manifests.texts(c.path("enabled")));
        }))
        .iterator();
  }

  @TestFactory
  Iterable<DynamicTest> eachActionSetsSpecSuspendAndKeepsTheRest() {
    JsonNode cases = Manifests.parseOne(CASES.resolve("action_test.yaml")).path("actionTests");
    return () -> StreamSupport.stream(cases.spliterator(), false)
        .map(c -> DynamicTest.dynamicTest(c.path("action").asText(), () -> {
          JsonNode input = Manifests.parseOne(CASES.resolve(c.path("inputPath").asText()));
          LuaValue out = run(ACTIONS.resolve(c.path("action").asText()).resolve("action.lua"), input);
          assertThat(out.get("spec").get("suspend").toboolean()).isEqualTo(c.path("suspend").asBoolean());
          assertThat(out.get("spec").get("forget").get("fraction").todouble())
              .isEqualTo(input.path("spec").path("forget").path("fraction").asDouble());
          assertThat(out.get("metadata").get("name").tojstring()).isEqualTo(input.path("metadata").path("name").asText());
        }))
        .iterator();
  }

  @Test
  void anActionOnARequestWithoutSpecCreatesIt() {
    LuaValue out = run(ACTIONS.resolve("suspend/action.lua"), Manifests.parseAll("metadata: {name: x}").get(0));
    assertThat(out.get("spec")).isInstanceOf(LuaTable.class);
    assertThat(out.get("spec").get("suspend").toboolean()).isTrue();
  }

  @Test
  void argocdCmPatchInstallsExactlyTheShippedActions() {
    JsonNode cm = Manifests.parseOne(ArgoCdHealthCheckTest.PATCH);
    JsonNode actions = Manifests.parseAll(cm.path("data").path(ACTIONS_KEY).asText()).get(0);
    assertThat(actions.path("discovery.lua").asText()).isEqualTo(Manifests.read(ACTIONS.resolve("discovery.lua")));
    List<String> names = new ArrayList<>();
    for (JsonNode definition : actions.path("definitions")) {
      String name = definition.path("name").asText();
      names.add(name);
      assertThat(definition.path("action.lua").asText()).as(name)
          .isEqualTo(Manifests.read(ACTIONS.resolve(name).resolve("action.lua")));
    }
    assertThat(names).containsExactly("suspend", "resume");
  }
}
