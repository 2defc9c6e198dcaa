package dev.unlearning.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * What the operator does when it stops leading, in place of JOSDK's exit-on-stop-leading.
 *
 * <p>JOSDK 5.2.1 (and 5.3.2, the newest that resolves here) calls {@code System.exit(1)} from
 * {@code LeaderElectionManager.stopLeading}, also when {@code Operator.stop()} itself ended the leadership. Run from
 * a JVM shutdown hook, as on SIGTERM, that {@code System.exit} waits for the lock of {@code java.lang.Shutdown}, which
 * the thread running the hooks holds while it waits for this hook: the process never exits (a JOSDK defect, fixed
 * upstream in 5.3.5, java-operator-sdk#3383, which is not served here). Smallest reproduction, JOSDK alone: an {@code Operator}
 * with a {@code LeaderElectionConfiguration} that leads, {@code Runtime.addShutdownHook(new Thread(operator::stop))},
 * then SIGTERM. JOSDK also builds its Fabric8 elector with releaseOnCancel off, so even upstream a stopped leader keeps
 * the Lease until it expires (15 s).
 *
 * <p>So exit-on-stop-leading is off and this does the two cases itself: on a graceful stop ({@link GracefulStop}),
 * after the operator stopped reconciling, it releases the Lease as Fabric8's release does (no holder, 1 s duration),
 * so a standby replica takes over on its next try; a leadership lost while running (renewal failed, another holder)
 * still ends the process with exit code 1, from a thread of its own, so two replicas never reconcile at once.
 */
public record LeaseHandOver(KubernetesClient client, String namespace, String leaseName, String identity,
    GracefulStop stop, IntConsumer exit) {

  /** Exit code of a replica that lost the lease while running, as JOSDK's. */
  public static final int LOST_LEASE_EXIT = 1;
  private static final Logger LOG = Logger.getLogger(LeaseHandOver.class);

  /** The process's exit: System.exit on a new thread, never the caller's (which may be a shutdown hook). */
  public static IntConsumer processExit() {
    return code -> {
      Thread exiting = new Thread(() -> System.exit(code), "lost-lease-exit");
      exiting.setDaemon(true);
      exiting.start();
    };
  }

  public LeaderCallbacks callbacks() {
    // JOSDK logs starting to lead and new leaders itself.
    return new LeaderCallbacks(() -> { }, this::stoppedLeading, leader -> { });
  }

  void stoppedLeading() {
    if (stop.underway()) {
      release();
    } else {
      LOG.errorf("%s lost the Lease %s/%s while running; exiting so that only the new leader reconciles", identity,
          namespace, leaseName);
      exit.accept(LOST_LEASE_EXIT);
    }
  }

  /** Gives up the Lease if this replica still holds it; the next replica to try acquires it. */
  boolean release() {
    LeaseLock lock = new LeaseLock(namespace, leaseName, identity);
    try {
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lock.update(client, current.toBuilder().holderIdentity("").leaseDuration(Duration.ofSeconds(1)).acquireTime(now)
          .renewTime(now).build());
      LOG.infof("released the Lease %s/%s for the next replica", namespace, leaseName);
      return true;
    } catch (KubernetesClientException e) {
      // The Lease then expires after its duration, as after a crash.
      LOG.warnf("could not release the Lease %s/%s: %s", namespace, leaseName, e.getMessage());
      return false;
    }
  }
}
