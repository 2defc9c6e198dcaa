package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unlearning.deploy.OperatorSignalsIT;
import dev.unlearning.testing.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** config/: the Deployment keeps its probes and security settings, and `kubectl kustomize config/default` renders. */
class InstallManifestsTest {

  static final String NAMESPACE = "unlearning-system";
  static final String CRD_NAME = "unlearningrequests.unlearning.dev";
  static final Path CRD = Manifests.path("crds/" + CRD_NAME + "-v1.yml");
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");

  static Properties imagesEnv() throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(Manifests.path("src/main/docker/images.env"))) {
      p.load(in);
    }
    return p;
  }

  @Test
  void deploymentKeepsProbesSecurityAndResources() {
    assertSecureOperatorDeployment(Manifests.single(Manifests.rawTree(Manifests.path("config/manager")), "Deployment"));
  }

  @Test
  void deploymentRunsAsTheBoundServiceAccount() {
    JsonNode pod = Manifests.single(Manifests.rawTree(Manifests.path("config/manager")), "Deployment")
        .path("spec").path("template").path("spec");
    String account = Manifests.single(Manifests.rawTree(Manifests.path("config/rbac")), "ServiceAccount")
        .path("metadata").path("name").asText();
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo(account);
  }

  @Test
  void imageNamesAndTagsComeFromImagesEnv() throws IOException {
    Properties images = imagesEnv();
    JsonNode kustomization = Manifests.parseOne(Manifests.path("config/default/kustomization.yaml"));
    JsonNode operatorImage = kustomization.path("images").get(0);
    assertThat(operatorImage.path("name").asText()).isEqualTo("unlearning-operator");
    assertThat(operatorImage.path("newName").asText()).isEqualTo(images.getProperty("OPERATOR_IMAGE"));
    assertThat(operatorImage.path("newTag").asText()).isEqualTo(images.getProperty("IMAGE_TAG"));
    JsonNode deployment = Manifests.single(Manifests.rawTree(Manifests.path("config/manager")), "Deployment");
    assertThat(env(container(deployment)).get("UNLEARNING_WORKER_IMAGE"))
        .isEqualTo(images.getProperty("WORKER_IMAGE") + ":" + images.getProperty("IMAGE_TAG"));
    assertThat(images.getProperty("IMAGE_TAG")).isNotBlank().isNotEqualTo("latest");
  }

  @Test
  void crdsKustomizationListsEveryCommittedCrd() throws IOException {
    Path dir = Manifests.path("crds");
    Set<String> listed = Set.copyOf(Manifests.texts(Manifests.parseOne(dir.resolve("kustomization.yaml")).path("resources")));
    Set<String> present;
    try (Stream<Path> files = Files.list(dir)) {
      present = files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .filter(n -> !n.equals("kustomization.yaml"))
          .collect(Collectors.toSet());
    }
    assertThat(listed).as("crds/kustomization.yaml resources").contains(CRD.getFileName().toString());
    assertThat(present).as("every CRD file in crds/ is installed by config/crd").isSubsetOf(listed);
    assertThat(listed).as("listed files exist").isEqualTo(present);
  }

  @Test
  void componentsRenderWithKubectl() {
    Path kubectl = requireKubectl();
    List<JsonNode> rbac = Manifests.parseAll(Manifests.kustomize(kubectl, Manifests.path("config/rbac")));
    assertThat(rbac).extracting(d -> d.path("kind").asText())
        .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    List<JsonNode> manager = Manifests.parseAll(Manifests.kustomize(kubectl, Manifests.path("config/manager")));
    assertSecureOperatorDeployment(Manifests.single(manager, "Deployment"));
  }

  @Test
  void defaultRendersEverythingIntoUnlearningSystem() throws IOException {
    Path kubectl = requireKubectl();
    List<JsonNode> docs = Manifests.parseAll(Manifests.kustomize(kubectl, Manifests.path("config/default")));

    assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactlyInAnyOrder(
        "Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
        "RoleBinding", "Deployment", "Service");
    assertThat(Manifests.single(docs, "Namespace").path("metadata").path("name").asText()).isEqualTo(NAMESPACE);
    assertThat(Manifests.single(docs, "CustomResourceDefinition").path("metadata").path("name").asText())
        .isEqualTo(CRD_NAME);
    for (JsonNode doc : docs) {
      String kind = doc.path("kind").asText();
      if (!CLUSTER_SCOPED.contains(kind)) {
        assertThat(doc.path("metadata").path("namespace").asText()).as("namespace of %s", kind).isEqualTo(NAMESPACE);
      }
    }
    JsonNode deployment = Manifests.single(docs, "Deployment");
    assertSecureOperatorDeployment(deployment);
    Properties images = imagesEnv();
    assertThat(container(deployment).path("image").asText())
        .isEqualTo(images.getProperty("OPERATOR_IMAGE") + ":" + images.getProperty("IMAGE_TAG"));
    // Rendering leaves the roles' rules as config/rbac writes them (the tests check those files).
    assertThat(Manifests.single(docs, "ClusterRole").path("rules")).isEqualTo(OperatorRole.clusterRole().path("rules"));
    assertThat(Manifests.single(docs, "Role").path("rules")).isEqualTo(OperatorRole.leaderElectionRole().path("rules"));
  }

  private static Path requireKubectl() {
    Path kubectl = Manifests.kubectl().orElse(null);
    RequiredTool.require(kubectl != null, "kubectl on the PATH");
    return kubectl;
  }

  static JsonNode container(JsonNode deployment) {
    JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
    assertThat(containers).as("containers").hasSize(1);
    return containers.get(0);
  }

  static Map<String, String> env(JsonNode container) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      if (e.has("value")) {
        out.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return out;
  }

  static void assertSecureOperatorDeployment(JsonNode deployment) {
    assertThat(deployment.path("spec").path("replicas").asInt()).as("replicas").isEqualTo(1);
    // With leader election only the Lease holder gets ready: a rolling update would never finish.
    assertThat(deployment.path("spec").path("strategy").path("type").asText()).as("strategy").isEqualTo("Recreate");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    // Room for the stop the packaged operator is held to, and a kill before an unrenewed Lease expires.
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).as("terminationGracePeriodSeconds")
        .isBetween(2 * (int) OperatorSignalsIT.STOP_BOUND.toSeconds(), 14);
    JsonNode c = container(deployment);
    assertThat(Manifests.texts(c.path("args"))).as("args").containsExactly("operator");

    // Probes on the Quarkus health endpoints, on the port the container declares.
    String port = c.path("ports").get(0).path("name").asText();
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
    assertThat(c.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo(port);
    assertThat(c.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo(port);
    assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    Map<String, String> env = env(c);
    assertThat(env).as("the HTTP server is off by default (application.properties); the operator turns it on")
        .containsEntry("QUARKUS_HTTP_HOST_ENABLED", "true");
    assertThat(env.get("UNLEARNING_WORKER_IMAGE")).as("default worker image").isNotBlank().doesNotEndWith(":latest");

    // Non-root, read-only, no escalation, no capabilities.
    JsonNode podSecurity = pod.path("securityContext");
    JsonNode security = c.path("securityContext");
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).as("pod runAsNonRoot").isTrue();
    assertThat(podSecurity.path("runAsUser").asInt(0)).as("pod runAsUser").isPositive();
    assertThat(podSecurity.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    assertThat(security.path("runAsNonRoot").asBoolean(true)).as("container runAsNonRoot").isTrue();
    if (security.has("runAsUser")) {
      assertThat(security.path("runAsUser").asInt()).as("container runAsUser").isPositive();
    }
    assertThat(security.path("allowPrivilegeEscalation").isBoolean()).as("allowPrivilegeEscalation set").isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).as("allowPrivilegeEscalation").isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("readOnlyRootFilesystem").isTrue();
    assertThat(security.path("privileged").asBoolean(false)).as("privileged").isFalse();
    assertThat(Manifests.texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(security.path("capabilities").path("add").isMissingNode()).as("no added capabilities").isTrue();
    assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();

    // A writable /tmp on an emptyDir, since the root filesystem is read-only.
    String tmpVolume = null;
    for (JsonNode mount : c.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals("/tmp")) {
        tmpVolume = mount.path("name").asText();
      }
    }
    assertThat(tmpVolume).as("/tmp mount").isNotNull();
    boolean emptyDir = false;
    for (JsonNode volume : pod.path("volumes")) {
      emptyDir |= volume.path("name").asText().equals(tmpVolume) && volume.has("emptyDir");
    }
    assertThat(emptyDir).as("/tmp is an emptyDir").isTrue();

    // Requests and limits.
    for (String kind : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        assertThat(c.path("resources").path(kind).path(resource).asText()).as("%s.%s", kind, resource).isNotBlank();
      }
    }
  }
}
