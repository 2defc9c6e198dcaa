package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * config/rbac stays least-privilege and bound to the operator only. That it grants every call the operator makes is
 * checked where the calls happen: OperatorEndToEndTest for the ClusterRole, LeaseRoleTest for the Lease Role. No API
 * server here: only the manifests are read.
 */
class RbacTest {

  private final List<JsonNode> rbac = Manifests.rawTree(Manifests.path("config/rbac"));

  @Test
  void nothingClusterAdminLike() {
    Set<String> forbiddenResources = Set.of("secrets", "configmaps", "serviceaccounts/token", "pods/exec", "pods/attach",
        "nodes", "roles", "rolebindings", "clusterroles", "clusterrolebindings");
    Set<String> forbiddenVerbs = Set.of("*", "escalate", "bind", "impersonate", "deletecollection");
    for (JsonNode role : List.of(OperatorRole.clusterRole(), OperatorRole.leaderElectionRole())) {
      for (JsonNode rule : role.path("rules")) {
        assertThat(Manifests.texts(rule.path("apiGroups"))).as("rule %s", rule).doesNotContain("*");
        assertThat(Manifests.texts(rule.path("resources"))).as("rule %s", rule)
            .doesNotContain("*").doesNotContainAnyElementsOf(forbiddenResources);
        assertThat(Manifests.texts(rule.path("verbs"))).as("rule %s", rule).doesNotContainAnyElementsOf(forbiddenVerbs);
        assertThat(rule.has("nonResourceURLs")).as("rule %s", rule).isFalse();
      }
    }
    // The one cluster-scoped read, of the operator's own CRD at start-up, is limited to that CRD.
    for (JsonNode rule : OperatorRole.clusterRole().path("rules")) {
      if (Manifests.texts(rule.path("resources")).contains("customresourcedefinitions")) {
        assertThat(Manifests.texts(rule.path("resourceNames"))).containsExactly(InstallManifestsTest.CRD_NAME);
      }
    }
  }

  @Test
  void aCallTheRoleDoesNotGrantFailsTheCheck() {
    JsonNode role = OperatorRole.clusterRole();
    OperatorRole.assertGrantsCalls(role, List.of("POST /apis/batch/v1/namespaces/ml/jobs",
        "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + InstallManifestsTest.CRD_NAME));
    assertThatThrownBy(() -> OperatorRole.assertGrantsCalls(role, List.of("DELETE /api/v1/namespaces/ml/pods/p",
        "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/other.example.com")))
        .hasMessageContaining("core/pods delete (p) for DELETE /api/v1/namespaces/ml/pods/p")
        .hasMessageContaining("customresourcedefinitions get (other.example.com)");
  }

  @Test
  void callsMapToThePermissionsTheApiServerChecks() {
    assertThat(Permission.ofCall("GET", "/apis/batch/v1/jobs?labelSelector=a%3Db&watch=true&resourceVersion=1"))
        .isEqualTo(Permission.of("batch", "jobs", "watch"));
    assertThat(Permission.ofCall("GET", "/api/v1/pods?limit=500")).isEqualTo(Permission.of("", "pods", "list"));
    assertThat(Permission.ofCall("PATCH", "/apis/unlearning.dev/v1alpha1/namespaces/ml/unlearningrequests/r/status"))
        .isEqualTo(new Permission("unlearning.dev", "unlearningrequests/status", "patch", "r"));
    assertThat(Permission.ofCall("POST", "/api/v1/namespaces/ml/events")).isEqualTo(Permission.of("", "events", "create"));
    assertThat(Permission.ofCall("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.y"))
        .isEqualTo(new Permission("apiextensions.k8s.io", "customresourcedefinitions", "get", "x.y"));
    assertThat(Permission.ofCall("DELETE", "/api/v1/namespaces/ml/pods")).isEqualTo(Permission.of("", "pods", "deletecollection"));
    assertThat(Permission.ofCall("GET", "/api/v1/namespaces/ml")).isEqualTo(new Permission("", "namespaces", "get", "ml"));
  }

  @Test
  void bindingsGiveTheRolesToTheOperatorServiceAccountOnly() {
    String account = Manifests.single(rbac, "ServiceAccount").path("metadata").path("name").asText();
    JsonNode clusterBinding = Manifests.single(rbac, "ClusterRoleBinding");
    JsonNode binding = Manifests.single(rbac, "RoleBinding");
    assertThat(clusterBinding.path("roleRef").path("name").asText())
        .isEqualTo(OperatorRole.clusterRole().path("metadata").path("name").asText());
    assertThat(clusterBinding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.path("roleRef").path("name").asText())
        .isEqualTo(OperatorRole.leaderElectionRole().path("metadata").path("name").asText());
    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
    for (JsonNode b : List.of(clusterBinding, binding)) {
      assertThat(b.path("subjects")).hasSize(1);
      assertThat(b.path("subjects").get(0).path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(b.path("subjects").get(0).path("name").asText()).isEqualTo(account);
      assertThat(b.path("subjects").get(0).path("namespace").asText()).isEqualTo(InstallManifestsTest.NAMESPACE);
    }
  }
}
