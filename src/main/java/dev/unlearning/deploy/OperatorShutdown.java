package dev.unlearning.deploy;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Stops the operator when the application stops. The Quarkus Operator SDK only stops an operator it started itself;
 * ours is started by the `operator` command ({@code quarkus.operator-sdk.start-operator=false}), so without this its
 * informers and reconcile threads outlived the application. In a test JVM, where Quarkus starts a new application
 * for test classes with other settings, the previous application's operator went on reconciling with its own
 * classes while the new one's beans answered: a ClassCastException of {@code UnlearningMetrics} between two Quarkus
 * class loaders in {@code OperatorEndToEndTest} after {@code LifecycleEndToEndTest}. On SIGTERM this runs in the
 * JVM's shutdown hook, and the leader's stop hands the Lease over ({@link LeaseHandOver}).
 */
@Singleton
public class OperatorShutdown {

  @Inject
  BeanManager beans;
  @Inject
  GracefulStop gracefulStop;

  void stop(@Observes ShutdownEvent event) {
    // Only an operator that exists: `run` and `worker` never build one, and must not build one to stop it.
    Bean<?> bean = beans.resolve(beans.getBeans(Operator.class));
    Context context = beans.getContext(bean.getScope());
    Operator operator = (Operator) context.get(bean);
    if (operator != null) {
      // Before the stop ends the leadership: the lease is then released, not taken for lost (LeaseHandOver).
      gracefulStop.begin();
      operator.stop(); // does nothing unless started
    }
  }
}
