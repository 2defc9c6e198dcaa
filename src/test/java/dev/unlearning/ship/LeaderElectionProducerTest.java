package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.deploy.LeaderElectionProducer;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionProducerTest {

  @Test
  void leaseInTheOperatorsNamespaceUnlessConfigured() {
    LeaderElectionConfiguration inferred =
        LeaderElectionProducer.configuration(LeaderElectionProducer.DEFAULT_LEASE_NAME, Optional.empty());
    assertThat(inferred.getLeaseName()).isEqualTo("unlearning-operator-lease");
    // Empty: JOSDK takes the namespace of the operator's pod, where config/rbac grants the Lease Role.
    assertThat(inferred.getLeaseNamespace()).isEmpty();
    assertThat(inferred.isExitOnStopLeading()).as("a replica that lost the lease restarts").isTrue();

    assertThat(LeaderElectionProducer.configuration("x", Optional.of(" ")).getLeaseNamespace()).isEmpty();
    assertThat(LeaderElectionProducer.configuration("x", Optional.of("ops")).getLeaseNamespace()).contains("ops");
  }
}
