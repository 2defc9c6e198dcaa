package dev.unlearning.deploy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns on leader election of the operator: the Quarkus Operator SDK looks this bean up when leader election is
 * active for the running profile ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}, default
 * {@code prod}: the packaged application, not tests). The Lease lives in the operator's own namespace unless
 * {@code unlearning.leader-election.lease-namespace} says otherwise; the identity is the pod name (HOSTNAME).
 */
@Singleton
public class LeaderElectionProducer {

  public static final String DEFAULT_LEASE_NAME = "unlearning-operator-lease";

  @Produces
  @Singleton
  @Unremovable
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "unlearning.leader-election.lease-name", defaultValue = DEFAULT_LEASE_NAME) String leaseName,
      @ConfigProperty(name = "unlearning.leader-election.lease-namespace") Optional<String> leaseNamespace) {
    return configuration(leaseName, leaseNamespace);
  }

  public static LeaderElectionConfiguration configuration(String leaseName, Optional<String> leaseNamespace) {
    LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName);
    leaseNamespace.filter(ns -> !ns.isBlank()).ifPresent(builder::withLeaseNamespace);
    return builder.build();
  }
}
