package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

class RequestEventsTest {

  @Test
  void anEventTheApiServerRefusesIsLoggedNotThrown() {
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build()).build()) {
      RequestEvents events = new RequestEvents();
      events.client = unreachable;
      assertThatCode(() -> events.warning(TestRequests.valid("r"), RequestEvents.FAILED, "boom")).doesNotThrowAnyException();
    }
  }
}
