package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.unlearning.testing.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * charts/unlearning-operator, with Helm's own library: it lints, renders with default values what
 * {@code kubectl kustomize config/default} renders (so a change to config/ or to the CRD that the chart does not
 * follow fails here), takes its image defaults from images.env, and puts non-default values where they belong.
 */
class HelmChartTest {

  static final String NAMESPACE = InstallManifestsTest.NAMESPACE;
  static final Path CHART_CRD = HelmChart.CHART.resolve("crds").resolve(InstallManifestsTest.CRD.getFileName());

  @TempDir
  Path dir;

  @Test
  void lintsStrictly() {
    LintResult lint = HelmChart.lint();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).as("helm lint --strict").noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultValuesRenderTheObjectsOfConfigDefault() {
    Path kubectl = Manifests.kubectl().orElse(null);
    RequiredTool.require(kubectl != null, "kubectl on the PATH");
    var kustomize = HelmChart.byKey(Manifests.parseAll(Manifests.kustomize(kubectl, Manifests.path("config/default"))));
    List<JsonNode> templated = HelmChart.template(NAMESPACE, Map.of(), dir);
    String chartLabel = "unlearning-operator-" + Manifests.parseOne(HelmChart.CHART.resolve("Chart.yaml")).path("version").asText();
    for (JsonNode o : templated) {
      assertThat(o.path("metadata").path("labels").path("helm.sh/chart").asText()).as("helm.sh/chart label of %s",
          o.path("kind").asText()).isEqualTo(chartLabel);
      assertThat(o.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
    }

    // helm install needs the release namespace before it installs anything, so by default the chart leaves the
    // Namespace out (namespace.create); everything else is the same object, Helm's two labels aside.
    var withoutNamespace = new java.util.TreeMap<>(kustomize);
    assertThat(withoutNamespace.remove("Namespace /" + NAMESPACE)).as("config/default's Namespace").isNotNull();
    assertSameObjects(rendered(templated), withoutNamespace);

    // With namespace.create (for Argo CD or `helm template | kubectl apply`): exactly config/default.
    assertSameObjects(rendered(HelmChart.template(NAMESPACE, Map.of("namespace", Map.of("create", true)), dir)), kustomize);
  }

  @Test
  void chartCrdIsTheCommittedCrd() throws IOException {
    assertThat(Files.readString(CHART_CRD))
        .as("%s differs from the committed CRD: cp %s %s", relative(CHART_CRD), relative(InstallManifestsTest.CRD),
            relative(CHART_CRD))
        .isEqualTo(Files.readString(InstallManifestsTest.CRD));
    try (var files = Files.list(CHART_CRD.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).as("the chart's crds/").containsExactly(
          CHART_CRD.getFileName().toString());
    }
  }

  @Test
  void imageDefaultsAreThoseOfImagesEnv() throws IOException {
    Properties images = InstallManifestsTest.imagesEnv();
    JsonNode chart = Manifests.parseOne(HelmChart.CHART.resolve("Chart.yaml"));
    JsonNode values = Manifests.parseOne(HelmChart.CHART.resolve("values.yaml"));
    assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion: IMAGE_TAG of images.env")
        .isEqualTo(images.getProperty("IMAGE_TAG"));
    assertThat(values.at("/operator/image/repository").asText()).isEqualTo(images.getProperty("OPERATOR_IMAGE"));
    assertThat(values.at("/worker/image/repository").asText()).isEqualTo(images.getProperty("WORKER_IMAGE"));

    JsonNode container = InstallManifestsTest.container(deployment(HelmChart.template(NAMESPACE, Map.of(), dir)));
    String tag = ":" + images.getProperty("IMAGE_TAG");
    assertThat(container.path("image").asText()).isEqualTo(images.getProperty("OPERATOR_IMAGE") + tag);
    assertThat(InstallManifestsTest.env(container)).containsEntry("UNLEARNING_WORKER_IMAGE",
        images.getProperty("WORKER_IMAGE") + tag);
  }

  @Test
  void operatorValuesLandInTheDeployment() {
    Map<String, Object> values = Map.of(
        "imageRegistry", "registry.example.com/ml/",
        "operator", Map.of(
            "image", Map.of("tag", "0.2.0", "pullPolicy", "Always"),
            "imagePullSecrets", List.of(Map.of("name", "registry-login")),
            "resources", Map.of("requests", Map.of("cpu", "250m", "memory", "384Mi"),
                "limits", Map.of("cpu", "2", "memory", "1Gi")),
            "logJson", true,
            "nodeSelector", Map.of("kubernetes.io/os", "linux"),
            "tolerations", List.of(Map.of("key", "dedicated", "operator", "Exists", "effect", "NoSchedule"))),
        "worker", Map.of("image", Map.of("repository", "gpu/unlearning-worker", "tag", "0.2.0-cu128",
            "pullPolicy", "IfNotPresent")));
    JsonNode deployment = deployment(HelmChart.template(NAMESPACE, values, dir));
    InstallManifestsTest.assertSecureOperatorDeployment(deployment);
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = InstallManifestsTest.container(deployment);

    assertThat(container.path("image").asText()).isEqualTo("registry.example.com/ml/unlearning-operator:0.2.0");
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(InstallManifestsTest.env(container))
        .containsEntry("UNLEARNING_WORKER_IMAGE", "registry.example.com/ml/gpu/unlearning-worker:0.2.0-cu128")
        .containsEntry("UNLEARNING_WORKER_IMAGE_PULL_POLICY", "IfNotPresent")
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
        .doesNotContainKey("QUARKUS_OPERATOR_SDK_NAMESPACES");
    assertThat(container.path("resources")).isEqualTo(Manifests.JSON.valueToTree(values.get("operator")).path("resources"));
    assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry-login");
    assertThat(pod.at("/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
    assertThat(pod.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(pod.has("affinity")).as("empty affinity rendered").isFalse();
  }

  @Test
  void watchedNamespacesNarrowTheOperatorAndItsRights() {
    var rendered = HelmChart.byKey(HelmChart.template("ops", Map.of("watchNamespaces", List.of("team-a", "team-b")), dir));
    JsonNode container = InstallManifestsTest.container(rendered.get("Deployment ops/unlearning-operator"));
    assertThat(InstallManifestsTest.env(container)).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b");

    // The ClusterRole of config/rbac, bound in each watched namespace only.
    assertThat(rendered).doesNotContainKey("ClusterRoleBinding /unlearning-operator");
    for (String namespace : List.of("team-a", "team-b")) {
      JsonNode binding = rendered.get("RoleBinding " + namespace + "/unlearning-operator");
      assertThat(binding).as("RoleBinding in %s", namespace).isNotNull();
      assertThat(binding.at("/roleRef/kind").asText() + "/" + binding.at("/roleRef/name").asText())
          .isEqualTo("ClusterRole/unlearning-operator");
      assertThat(binding.at("/subjects/0/name").asText() + "@" + binding.at("/subjects/0/namespace").asText())
          .isEqualTo("unlearning-operator@ops");
    }
    assertThat(rendered.get("ClusterRole /unlearning-operator").path("rules"))
        .isEqualTo(OperatorRole.clusterRole().path("rules"));

    // Cluster-wide, only the start-up read of the operator's own CRD.
    JsonNode crdCheck = rendered.get("ClusterRole /unlearning-operator-crd-check");
    JsonNode crdCheckBinding = rendered.get("ClusterRoleBinding /unlearning-operator-crd-check");
    assertThat(crdCheckBinding.at("/roleRef/name").asText()).isEqualTo("unlearning-operator-crd-check");
    assertThat(crdCheckBinding.at("/subjects/0/namespace").asText()).isEqualTo("ops");
    assertThat(Permission.ofCall("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + InstallManifestsTest.CRD_NAME)
        .grantedByAny(crdCheck)).isTrue();
    assertThat(Permission.ofCall("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/other.example.com")
        .grantedByAny(crdCheck)).isFalse();
    assertThat(crdCheck.path("rules")).hasSize(1);
    List<String> clusterBindings = new ArrayList<>(rendered.keySet());
    clusterBindings.removeIf(k -> !k.startsWith("ClusterRoleBinding "));
    assertThat(clusterBindings).containsExactly("ClusterRoleBinding /unlearning-operator-crd-check");
  }

  @Test
  void metricsServiceAndServiceMonitor() {
    var off = HelmChart.byKey(HelmChart.template(NAMESPACE, Map.of("metrics", Map.of("service", Map.of("enabled", false))), dir));
    assertThat(off.keySet()).noneMatch(k -> k.startsWith("Service ") || k.startsWith("ServiceMonitor "));

    var monitored = HelmChart.byKey(HelmChart.template(NAMESPACE, Map.of("metrics", Map.of("serviceMonitor",
        Map.of("enabled", true, "interval", "15s", "labels", Map.of("release", "prometheus")))), dir));
    JsonNode service = monitored.get("Service " + NAMESPACE + "/unlearning-operator-metrics");
    JsonNode monitor = monitored.get("ServiceMonitor " + NAMESPACE + "/unlearning-operator");
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(service.at("/metadata/labels").path(label.getKey())).as("Service label %s", label.getKey())
            .isEqualTo(label.getValue()));
    assertThat(Manifests.texts(monitor.at("/spec/namespaceSelector/matchNames"))).containsExactly(NAMESPACE);
    JsonNode endpoint = monitor.at("/spec/endpoints/0");
    assertThat(endpoint.path("port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("15s");

    Map<String, Object> monitorWithoutService = Map.of("metrics",
        Map.of("service", Map.of("enabled", false), "serviceMonitor", Map.of("enabled", true)));
    assertThatThrownBy(() -> HelmChart.template(NAMESPACE, monitorWithoutService, dir))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  @Test
  void valuesOutsideTheSchemaFailNamingTheValue() {
    // values.schema.json: a typo or a wrong type stops helm install/template instead of being ignored.
    assertThatThrownBy(() -> HelmChart.template(NAMESPACE, Map.of("watchNamespace", List.of("team-a")), dir))
        .hasMessageContaining("values don't meet the specifications of the schema").hasMessageContaining("watchNamespace");
    assertThatThrownBy(() -> HelmChart.template(NAMESPACE, Map.of("watchNamespaces", List.of("Team_A")), dir))
        .hasMessageContaining("watchNamespaces.0");
    assertThatThrownBy(() -> HelmChart.template(NAMESPACE,
        Map.of("worker", Map.of("image", Map.of("pullPolicy", "always"))), dir))
        .hasMessageContaining("worker.image.pullPolicy");
  }

  private static Map<String, JsonNode> rendered(List<JsonNode> templated) {
    List<JsonNode> all = new ArrayList<>(templated.stream().map(HelmChart::withoutHelmLabels).toList());
    all.addAll(HelmChart.crds());
    return HelmChart.byKey(all);
  }

  private static void assertSameObjects(Map<String, JsonNode> chart, Map<String, JsonNode> kustomize) {
    assertThat(chart.keySet()).as("objects of the chart vs config/default").isEqualTo(kustomize.keySet());
    kustomize.forEach((key, expected) -> assertThat(HelmChart.numbersByValue(chart.get(key)))
        .as("%s differs: make charts/unlearning-operator follow config/", key).isEqualTo(HelmChart.numbersByValue(expected)));
  }

  private static Path relative(Path path) {
    return Manifests.ROOT.relativize(path);
  }

  private static JsonNode deployment(List<JsonNode> rendered) {
    return Manifests.single(rendered, "Deployment");
  }
}
