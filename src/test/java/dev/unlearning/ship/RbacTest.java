package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** config/rbac grants what the operator uses, and no more than a least-privilege operator should have. */
class RbacTest {

  static final String CRD_NAME = "unlearningrequests.unlearning.dev";

  /**
   * Cluster-wide permissions of the operator, mirroring what its code does (issue 3's reconciler on JOSDK 5).
   * {@link #operatorSourceNeedsNothingOutsideTheTable} keeps this table honest against the source.
   */
  static final Map<Permission, String> REQUIRED = new LinkedHashMap<>();
  /** Permissions in the operator's own namespace (Role), for leader election. */
  static final Map<Permission, String> LEADER_ELECTION = new LinkedHashMap<>();

  static {
    for (String verb : List.of("get", "list", "watch")) {
      REQUIRED.put(Permission.of("unlearning.dev", "unlearningrequests", verb), "informer of the primary resource");
      REQUIRED.put(Permission.of("batch", "jobs", verb), "informer of the worker Job dependent");
      REQUIRED.put(Permission.of("", "pods", verb), "informer of the worker pods (scheduling, termination message)");
    }
    REQUIRED.put(Permission.of("unlearning.dev", "unlearningrequests/status", "patch"),
        "status written with a JSON merge patch (PrimaryUpdateAndCacheUtils.mergePatchStatusAndCacheResource)");
    REQUIRED.put(Permission.of("unlearning.dev", "unlearningrequests/finalizers", "update"),
        "Job owner reference with blockOwnerDeletion=true (OwnerReferencesPermissionEnforcement)");
    REQUIRED.put(Permission.of("batch", "jobs", "create"), "the Job dependent is a Creator");
    REQUIRED.put(Permission.of("", "events", "create"), "RequestEvents records core/v1 Events");
    REQUIRED.put(Permission.of("", "events", "list"), "PendingCauses reads a Job's FailedCreate events");
    REQUIRED.put(Permission.of("kueue.x-k8s.io", "workloads", "list"), "PendingCauses reads Kueue's pending reason");
    REQUIRED.put(Permission.of("batch", "jobs", "delete"), "a Job whose worker cannot start is deleted");
    REQUIRED.put(Permission.of("batch", "jobs", "patch"), "JobSuspension: spec.suspend of the Job");
    REQUIRED.put(Permission.of("kueue.x-k8s.io", "workloads", "patch"), "JobSuspension: spec.active of a Workload");
    REQUIRED.put(new Permission("apiextensions.k8s.io", "customresourcedefinitions", "get", CRD_NAME),
        "start-up CRD check, quarkus.operator-sdk.crd.validate=true");
    for (String verb : List.of("get", "create", "update")) {
      LEADER_ELECTION.put(Permission.of("coordination.k8s.io", "leases", verb), "JOSDK leader election (Fabric8 LeaseLock)");
    }
  }

  private final List<JsonNode> rbac = Manifests.rawTree(Manifests.path("config/rbac"));
  private final JsonNode clusterRole = Manifests.single(rbac, "ClusterRole");
  private final JsonNode leaderRole = Manifests.single(rbac, "Role");

  @Test
  void clusterRoleGrantsEveryPermissionInTheTable() {
    assertGranted(clusterRole, REQUIRED);
  }

  @Test
  void leaderElectionRoleGrantsLeases() {
    assertGranted(leaderRole, LEADER_ELECTION);
  }

  @Test
  void operatorSourceNeedsNothingOutsideTheTable() {
    var sources = Manifests.path("src/main/java");
    Map<Permission, String> found = OperatorSourceScanner.scan(sources);
    assertThat(found).as("the scanner finds the operator's Job creation").containsKey(Permission.of("batch", "jobs", "create"));
    List<String> missing = new ArrayList<>();
    found.forEach((permission, where) -> {
      if (!REQUIRED.containsKey(permission) && !covered(permission)) {
        missing.add(permission + " <- " + where);
      }
    });
    if (!missing.isEmpty()) {
      fail("the operator code needs permissions missing from RbacTest.REQUIRED (add them there and to"
          + " config/rbac/role.yaml):\n  " + String.join("\n  ", missing));
    }
    assertGranted(clusterRole, found);
  }

  // A name-restricted table entry covers the same permission found without a name (e.g. a CRD read).
  private static boolean covered(Permission p) {
    return REQUIRED.keySet().stream().anyMatch(r -> r.group().equals(p.group()) && r.resource().equals(p.resource())
        && r.verb().equals(p.verb()));
  }

  @Test
  void scannerRecognisesOperatorConstructs() {
    String source = """
        @ControllerConfiguration
        @RBACRule(apiGroups = "", resources = "pods", verbs = {"get", "list"})
        public class R implements Reconciler<UnlearningRequest>, Cleaner<UnlearningRequest> {
          // client.secrets().list(); is a comment
          void f() {
            var c = InformerEventSourceConfiguration.from(ConfigMap.class, UnlearningRequest.class).build();
            client.v1().events().inNamespace(ns).resource(e).create();
            client.batch().v1().jobs().inNamespace(ns).withName(n).delete();
            client.events().v1().events().resource(e).patch();
            new OwnerReferenceBuilder().withBlockOwnerDeletion(true).build();
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(r, context, x -> x);
            return UpdateControl.patchStatus(r);
          }
        }
        class D extends KubernetesDependentResource<Job, UnlearningRequest> implements Creator<Job, UnlearningRequest> {}
        """;
    Map<Permission, String> found = new LinkedHashMap<>();
    OperatorSourceScanner.scanSource("R.java", source, found);
    assertThat(found.keySet()).containsExactlyInAnyOrder(
        Permission.of("unlearning.dev", "unlearningrequests", "get"),
        Permission.of("unlearning.dev", "unlearningrequests", "list"),
        Permission.of("unlearning.dev", "unlearningrequests", "watch"),
        Permission.of("unlearning.dev", "unlearningrequests", "patch"),
        Permission.of("unlearning.dev", "unlearningrequests", "update"),
        Permission.of("unlearning.dev", "unlearningrequests/status", "patch"),
        Permission.of("unlearning.dev", "unlearningrequests/status", "update"),
        Permission.of("unlearning.dev", "unlearningrequests/finalizers", "update"),
        Permission.of("", "pods", "get"),
        Permission.of("", "pods", "list"),
        Permission.of("", "configmaps", "get"),
        Permission.of("", "configmaps", "list"),
        Permission.of("", "configmaps", "watch"),
        Permission.of("", "events", "create"),
        Permission.of("events.k8s.io", "events", "patch"),
        Permission.of("batch", "jobs", "delete"),
        Permission.of("batch", "jobs", "get"),
        Permission.of("batch", "jobs", "list"),
        Permission.of("batch", "jobs", "watch"),
        Permission.of("batch", "jobs", "create"));
    assertThat(found.get(Permission.of("batch", "jobs", "delete"))).isEqualTo("R.java: client call .delete()");
  }

  @Test
  void nothingClusterAdminLike() {
    Set<String> forbiddenResources = Set.of("secrets", "configmaps", "serviceaccounts/token", "pods/exec", "pods/attach",
        "nodes", "roles", "rolebindings", "clusterroles", "clusterrolebindings");
    Set<String> forbiddenVerbs = Set.of("*", "escalate", "bind", "impersonate", "deletecollection");
    for (JsonNode role : List.of(clusterRole, leaderRole)) {
      for (JsonNode rule : role.path("rules")) {
        assertThat(Manifests.texts(rule.path("apiGroups"))).as("rule %s", rule).doesNotContain("*");
        assertThat(Manifests.texts(rule.path("resources"))).as("rule %s", rule)
            .doesNotContain("*").doesNotContainAnyElementsOf(forbiddenResources);
        assertThat(Manifests.texts(rule.path("verbs"))).as("rule %s", rule).doesNotContainAnyElementsOf(forbiddenVerbs);
        assertThat(rule.has("nonResourceURLs")).as("rule %s", rule).isFalse();
      }
    }
    // Nothing granted beyond the tables.
    assertOnlyGranted(clusterRole, REQUIRED);
    assertOnlyGranted(leaderRole, LEADER_ELECTION);
  }

  @Test
  void bindingsGiveTheRolesToTheOperatorServiceAccountOnly() {
    String account = Manifests.single(rbac, "ServiceAccount").path("metadata").path("name").asText();
    JsonNode clusterBinding = Manifests.single(rbac, "ClusterRoleBinding");
    JsonNode binding = Manifests.single(rbac, "RoleBinding");
    assertThat(clusterBinding.path("roleRef").path("name").asText()).isEqualTo(clusterRole.path("metadata").path("name").asText());
    assertThat(clusterBinding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(leaderRole.path("metadata").path("name").asText());
    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
    for (JsonNode b : List.of(clusterBinding, binding)) {
      assertThat(b.path("subjects")).hasSize(1);
      assertThat(b.path("subjects").get(0).path("kind").asText()).isEqualTo("ServiceAccount");
      assertThat(b.path("subjects").get(0).path("name").asText()).isEqualTo(account);
      assertThat(b.path("subjects").get(0).path("namespace").asText()).isEqualTo("unlearning-system");
    }
  }

  private static void assertGranted(JsonNode role, Map<Permission, String> needed) {
    List<String> missing = new ArrayList<>();
    needed.forEach((permission, why) -> {
      if (!permission.grantedByAny(role)) {
        missing.add(permission + " (" + why + ")");
      }
    });
    if (!missing.isEmpty()) {
      fail(role.path("kind").asText() + " " + role.path("metadata").path("name").asText() + " lacks:\n  "
          + String.join("\n  ", missing));
    }
  }

  private static void assertOnlyGranted(JsonNode role, Map<Permission, String> allowed) {
    for (JsonNode rule : role.path("rules")) {
      List<String> names = Manifests.texts(rule.path("resourceNames"));
      for (String group : Manifests.texts(rule.path("apiGroups"))) {
        for (String resource : Manifests.texts(rule.path("resources"))) {
          for (String verb : Manifests.texts(rule.path("verbs"))) {
            boolean ok = names.isEmpty()
                ? allowed.containsKey(Permission.of(group, resource, verb))
                : names.stream().allMatch(n -> allowed.containsKey(new Permission(group, resource, verb, n)));
            assertThat(ok).as("%s grants %s/%s %s %s, which the operator does not use",
                role.path("kind").asText(), group, resource, verb, names).isTrue();
          }
        }
      }
    }
  }
}
