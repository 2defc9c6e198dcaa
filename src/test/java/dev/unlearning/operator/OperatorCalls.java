package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.ship.OperatorRole;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.List;

/**
 * The calls the running operator makes in a test, told apart from the test's own (which play the user and the
 * cluster) by the test client's user agent, and checked against the ClusterRole of {@code config/rbac}.
 */
final class OperatorCalls {

  static final String TEST_USER_AGENT = "unlearning-operator-test";

  private OperatorCalls() {}

  /** A client for the test's own calls, on the same server as the operator's. */
  static KubernetesClient testSide(KubernetesClient operatorClient) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(operatorClient.getConfiguration()).withUserAgent(TEST_USER_AGENT).build())
        .build();
  }

  /** Every call the operator made since the last check is granted by its ClusterRole. */
  static void assertGrantedByClusterRole(KubernetesServer server) throws InterruptedException {
    List<RecordedRequest> operatorCalls = OperatorRole.drain(server.getKubernetesMockServer()).stream()
        .filter(call -> !TEST_USER_AGENT.equals(call.getHeader("User-Agent")))
        // %test.quarkus.operator-sdk.crd.apply: in tests the operator installs its CRD itself; in a cluster the
        // user does (crds/), and the operator only reads it.
        .filter(call -> !(call.getPath().contains("/customresourcedefinitions") && !call.getMethod().equals("GET")))
        .toList();
    assertThat(operatorCalls).as("calls of the operator recorded").isNotEmpty();
    OperatorRole.assertGrants(OperatorRole.clusterRole(), operatorCalls);
  }
}
