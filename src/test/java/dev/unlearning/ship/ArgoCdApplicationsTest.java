package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.SpecValidator;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.operator.WorkerLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** k8s/argocd Applications point at real paths, and the synced requests are valid; Argo CD and the operator agree. */
class ArgoCdApplicationsTest {

  private static final ObjectMapper MAPPER = Manifests.YAML.copy()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private static JsonNode application(String name) {
    return Stream.of("application-operator.yaml", "application-requests.yaml")
        .map(f -> Manifests.parseOne(Manifests.path("k8s/argocd/" + f)))
        .filter(a -> a.path("metadata").path("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no Application " + name));
  }

  @Test
  void operatorApplicationSyncsConfigDefaultIntoUnlearningSystem() {
    JsonNode app = application("unlearning-operator");
    assertThat(app.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(app.path("kind").asText()).isEqualTo("Application");
    assertThat(app.path("spec").path("source").path("path").asText()).isEqualTo("config/default");
    assertThat(Manifests.path("config/default/kustomization.yaml")).exists();
    assertThat(app.path("spec").path("destination").path("namespace").asText()).isEqualTo(InstallManifestsTest.NAMESPACE);
    assertThat(Manifests.texts(app.path("spec").path("syncPolicy").path("syncOptions"))).contains("ServerSideApply=true");
  }

  @Test
  void requestsApplicationSyncsValidRequestsAndIgnoresTheirStatus() throws IOException {
    JsonNode app = application("unlearning-requests");
    String path = app.path("spec").path("source").path("path").asText();
    Path dir = Manifests.path(path);
    assertThat(dir).isDirectory();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).as("requests in " + path).isNotEmpty();
    for (Path file : files) {
      for (JsonNode doc : Manifests.parseAll(Manifests.read(file))) {
        assertThat(doc.path("kind").asText()).as(file.toString()).isEqualTo(UnlearningRequest.KIND);
        assertThat(doc.path("apiVersion").asText()).isEqualTo(UnlearningRequest.API_VERSION);
        assertThat(doc.has("status")).as("no status in Git").isFalse();
        UnlearningRequest request = MAPPER.treeToValue(doc, UnlearningRequest.class);
        assertThat(SpecValidator.problems(request.getSpec())).as(file.toString()).isEmpty();
      }
    }
    JsonNode ignore = app.path("spec").path("ignoreDifferences").get(0);
    assertThat(ignore.path("group").asText()).isEqualTo(UnlearningRequest.GROUP);
    assertThat(ignore.path("kind").asText()).isEqualTo(UnlearningRequest.KIND);
    assertThat(Manifests.texts(ignore.path("jsonPointers"))).containsExactly("/status");
    assertThat(Manifests.texts(app.path("spec").path("syncPolicy").path("syncOptions"))).contains("RespectIgnoreDifferences=true");
  }

  @Test
  void bothApplicationsUseTheSameRepository() {
    assertThat(application("unlearning-requests").path("spec").path("source").path("repoURL").asText())
        .isEqualTo(application("unlearning-operator").path("spec").path("source").path("repoURL").asText());
  }

  /**
   * Argo CD prunes what carries its tracking label (app.kubernetes.io/instance by default). The worker Job and its
   * pods get only the operator's own labels, never the request's: Argo CD shows them under the request through the
   * owner references, and never prunes them.
   */
  @Test
  void workerJobsDoNotCarryArgoCdsTrackingLabel() {
    UnlearningRequest request = new UnlearningRequest();
    request.getMetadata().setName("forget-class-9");
    request.getMetadata().setNamespace("unlearning");
    request.getMetadata().setLabels(Map.of("app.kubernetes.io/instance", "unlearning-requests", "team", "ml"));
    request.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/tracking-id",
        "unlearning-requests:unlearning.dev/UnlearningRequest:unlearning/forget-class-9"));
    Map<String, String> jobLabels = WorkerLabels.forRequest(request);
    assertThat(jobLabels).isNotEmpty().doesNotContainKey("app.kubernetes.io/instance").doesNotContainKey("team");
  }
}
