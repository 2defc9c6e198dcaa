package dev.unlearning.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns on leader election of the operator: the Quarkus Operator SDK looks this bean up when leader election is
 * active for the running profile ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}, default
 * {@code prod}: the packaged application, not tests). The Lease lives in the operator's own namespace unless
 * {@code unlearning.leader-election.lease-namespace} says otherwise; the identity is the pod name (HOSTNAME). Losing
 * and giving up the lease is {@link LeaseHandOver}'s, not JOSDK's exit-on-stop-leading, which deadlocks on SIGTERM.
 */
@Singleton
public class LeaderElectionProducer {

  public static final String DEFAULT_LEASE_NAME = "unlearning-operator-lease";

  @Produces
  @Singleton
  @Unremovable
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "unlearning.leader-election.lease-name", defaultValue = DEFAULT_LEASE_NAME) String leaseName,
      @ConfigProperty(name = "unlearning.leader-election.lease-namespace") Optional<String> leaseNamespace,
      KubernetesClient client, GracefulStop stop) {
    String namespace = leaseNamespace.filter(ns -> !ns.isBlank()).orElse(client.getConfiguration().getNamespace());
    String identity = identity(System.getenv("HOSTNAME"));
    return configuration(leaseName, namespace, identity,
        new LeaseHandOver(client, namespace, leaseName, identity, stop, LeaseHandOver.processExit()));
  }

  /** JOSDK's choice: the pod name, else a random one. */
  static String identity(String hostname) {
    return hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
  }

  public static LeaderElectionConfiguration configuration(String leaseName, String namespace, String identity,
      LeaseHandOver handOver) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
        .withLeaseNamespace(namespace)
        .withIdentity(identity)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(handOver.callbacks())
        .build();
  }
}
