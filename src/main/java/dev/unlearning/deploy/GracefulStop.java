package dev.unlearning.deploy;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the application is stopping on purpose (SIGTERM, the end of a test application): set by
 * {@link OperatorShutdown} before it stops the operator, read by {@link LeaseHandOver} to tell a lease given up on
 * purpose from one lost while running.
 */
@Singleton
public class GracefulStop {

  private final AtomicBoolean underway = new AtomicBoolean();

  public void begin() {
    underway.set(true);
  }

  public boolean underway() {
    return underway.get();
  }
}
