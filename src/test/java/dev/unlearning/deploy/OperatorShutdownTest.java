package dev.unlearning.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The application's shutdown stops the operator the `operator` command started, and builds none where no command
 * did. (The suite in one JVM shows what it is for: without it, OperatorEndToEndTest fails after LifecycleEndToEndTest.)
 */
@QuarkusTest
@TestProfile(OperatorShutdownTest.OwnApplication.class)
@WithKubernetesTestServer(crud = true)
class OperatorShutdownTest {

  /** Its own application: this test stops the operator, which no other test class may find stopped. */
  public static class OwnApplication implements QuarkusTestProfile {}

  @Inject
  OperatorShutdown shutdown;
  @Inject
  BeanManager beans;
  @Inject
  Operator operator; // a client proxy: the operator is built on its first call

  @Test
  void buildsNoOperatorThenStopsTheStartedOne() {
    shutdown.stop(new ShutdownEvent());
    assertThat(existingOperator()).as("`run` and `worker` never build the operator, not even to stop it").isNull();

    operator.start();
    assertThat(existingOperator()).isNotNull();
    assertThat(operator.getRuntimeInfo().isStarted()).isTrue();

    shutdown.stop(new ShutdownEvent());
    assertThat(operator.getRuntimeInfo().isStarted()).isFalse();
  }

  private Object existingOperator() {
    Bean<?> bean = beans.resolve(beans.getBeans(Operator.class));
    Context context = beans.getContext(bean.getScope());
    return context.get(bean);
  }
}
