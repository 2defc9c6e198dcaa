package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The operator's permissions as shipped in {@code config/rbac}, the one place they are written: a ClusterRole for
 * what it does in every namespace, a Role for its leader-election Lease. Tests record the API calls the real code
 * makes against the Fabric8 mock server and check each one against these roles, so a new call fails a test until
 * the role grants it (and {@link RbacTest} keeps the roles least-privilege).
 */
public final class OperatorRole {

  private OperatorRole() {}

  public static JsonNode clusterRole() {
    return Manifests.single(Manifests.rawTree(Manifests.path("config/rbac")), "ClusterRole");
  }

  public static JsonNode leaderElectionRole() {
    return Manifests.single(Manifests.rawTree(Manifests.path("config/rbac")), "Role");
  }

  /** The calls {@code server} received since the last drain. */
  public static List<RecordedRequest> drain(DefaultMockServer server) throws InterruptedException {
    List<RecordedRequest> calls = new ArrayList<>();
    for (RecordedRequest call = server.takeRequest(0, TimeUnit.SECONDS); call != null;
        call = server.takeRequest(0, TimeUnit.SECONDS)) {
      calls.add(call);
    }
    return calls;
  }

  /** Fails naming every call that {@code role} does not grant. */
  public static void assertGrants(JsonNode role, List<RecordedRequest> calls) {
    assertGrantsCalls(role, calls.stream().map(call -> call.getMethod() + " " + call.getPath()).toList());
  }

  /** As {@link #assertGrants}, for calls written as {@code METHOD /path?query}. */
  static void assertGrantsCalls(JsonNode role, List<String> calls) {
    Set<String> missing = new TreeSet<>();
    for (String call : calls) {
      int space = call.indexOf(' ');
      Permission needed = Permission.ofCall(call.substring(0, space), call.substring(space + 1));
      if (!needed.grantedByAny(role)) {
        missing.add(needed + " for " + call);
      }
    }
    assertThat(missing).as("calls that %s %s in config/rbac does not grant: add the permissions there",
        role.path("kind").asText(), role.path("metadata").path("name").asText()).isEmpty();
  }
}
