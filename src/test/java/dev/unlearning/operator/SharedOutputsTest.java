package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two requests of a namespace that name one output location are warned: a condition while it lasts, an Event. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SharedOutputsTest {

  @KubernetesTestServer
  KubernetesServer server;
  @Inject
  Operator operator;
  @Inject
  KubernetesClient operatorClient;
  KubernetesClient client;
  Scenario ns;

  @BeforeEach
  void startOperator() {
    client = OperatorCalls.testSide(operatorClient);
    ns = Scenario.started(operator, client, "shared");
  }

  @AfterEach
  void everyCallOfTheOperatorIsGrantedByItsClusterRole() throws InterruptedException {
    client.close();
    OperatorCalls.assertGrantedByClusterRole(server);
  }

  @Test
  void requestsOfANamespaceNamingOneOutputAreWarnedUntilOneIsGone() {
    ns.create("first", r -> r.getSpec().getOutput().setUri("pvc://results/shared"));
    ns.awaitStatus("first", s -> s.getPhase() == Phase.Pending);
    assertThat(shared(ns.status("first"))).isEmpty();

    ns.create("second", r -> r.getSpec().getOutput().setUri("pvc://results/shared/")); // the same folder
    Condition second = await().atMost(Duration.ofSeconds(20)).until(() -> shared(ns.status("second")),
        Optional::isPresent).get();
    assertThat(second.getStatus()).isEqualTo("True");
    assertThat(second.getMessage()).isEqualTo("spec.output.uri pvc://results/shared/ is also the output of request"
        + " first in this namespace: a run refuses a location that holds another request's result unless its"
        + " spec.output.overwrite is true, and two runs at once write over each other");
    // The first request is warned at its next look (a waiting request is looked at every progress interval).
    assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> shared(ns.status("first")), Optional::isPresent)
        .get().getMessage()).contains("is also the output of request second in this namespace");
    assertThat(ns.events("second")).filteredOn(e -> SharedOutputs.CONDITION.equals(e.getReason()))
        .singleElement().extracting(Event::getType).isEqualTo("Warning");

    Scenario other = new Scenario(client, "shared-other");
    other.create("third", r -> r.getSpec().getOutput().setUri("pvc://results/shared"));
    other.awaitStatus("third", s -> s.getPhase() == Phase.Pending);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> shared(other.status("third"))
        .isEmpty());

    client.resources(UnlearningRequest.class).inNamespace("shared").withName("second").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> shared(ns.status("first")).isEmpty());
    assertThat(ns.events("second")).filteredOn(e -> SharedOutputs.CONDITION.equals(e.getReason())).hasSize(1);
  }

  private static Optional<Condition> shared(UnlearningRequestStatus status) {
    return status == null || status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream().filter(c -> SharedOutputs.CONDITION.equals(c.getType())).findFirst();
  }
}
