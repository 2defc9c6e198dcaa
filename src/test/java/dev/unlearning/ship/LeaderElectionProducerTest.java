package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.deploy.GracefulStop;
import dev.unlearning.deploy.LeaderElectionProducer;
import dev.unlearning.deploy.LeaseHandOver;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import org.junit.jupiter.api.Test;

class LeaderElectionProducerTest {

  @Test
  void leaseOfThePodNamedByItsNamespaceAndNoExitFromJosdk() {
    LeaseHandOver handOver = new LeaseHandOver(null, "ops", LeaderElectionProducer.DEFAULT_LEASE_NAME, "pod-a",
        new GracefulStop(), code -> { });
    LeaderElectionConfiguration config =
        LeaderElectionProducer.configuration(LeaderElectionProducer.DEFAULT_LEASE_NAME, "ops", "pod-a", handOver);
    assertThat(config.getLeaseName()).isEqualTo("unlearning-operator-lease");
    // Named here, so the hand-over releases the Lease JOSDK elects with (the operator's namespace by default).
    assertThat(config.getLeaseNamespace()).contains("ops");
    assertThat(config.getIdentity()).contains("pod-a");
    // JOSDK's System.exit on stop-leading deadlocks in a shutdown hook; LeaseHandOver exits on a lost lease instead.
    assertThat(config.isExitOnStopLeading()).isFalse();
    assertThat(config.getLeaderCallbacks()).isPresent();
  }
}
