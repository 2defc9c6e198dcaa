package dev.unlearning.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A graceful stop releases the Lease this replica holds and no other; a lease lost while running ends the process. */
@EnableKubernetesMockClient(crud = true)
class LeaseHandOverTest {

  static final String NS = "ops";
  static final String LEASE = "unlearning-operator-lease";

  KubernetesClient client;
  final List<Integer> exits = new ArrayList<>();
  final GracefulStop stop = new GracefulStop();

  @Test
  void gracefulStopReleasesTheHeldLease() {
    lease("pod-a");
    stop.begin();
    handOver("pod-a").stoppedLeading();
    Lease released = client.leases().inNamespace(NS).withName(LEASE).get();
    assertThat(released.getSpec().getHolderIdentity()).as("no holder: the next replica acquires at once").isEmpty();
    assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
    assertThat(released.getSpec().getLeaseTransitions()).as("kept").isEqualTo(3);
    assertThat(exits).isEmpty();
  }

  @Test
  void gracefulStopLeavesAnotherHoldersLeaseAlone() {
    lease("pod-b");
    stop.begin();
    assertThat(handOver("pod-a").release()).isFalse();
    assertThat(client.leases().inNamespace(NS).withName(LEASE).get().getSpec().getHolderIdentity()).isEqualTo("pod-b");
    client.leases().inNamespace(NS).withName(LEASE).delete();
    assertThat(handOver("pod-a").release()).as("no Lease at all").isFalse();
  }

  @Test
  void leaseLostWhileRunningExitsWithOneAndReleasesNothing() {
    lease("pod-b");
    handOver("pod-a").stoppedLeading();
    assertThat(exits).containsExactly(LeaseHandOver.LOST_LEASE_EXIT);
    assertThat(client.leases().inNamespace(NS).withName(LEASE).get().getSpec().getHolderIdentity()).isEqualTo("pod-b");
  }

  private LeaseHandOver handOver(String identity) {
    return new LeaseHandOver(client, NS, LEASE, identity, stop, exits::add);
  }

  private void lease(String holder) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    client.leases().inNamespace(NS).resource(new LeaseBuilder().withNewMetadata().withName(LEASE).endMetadata()
        .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15).withAcquireTime(now).withRenewTime(now)
        .withLeaseTransitions(3).endSpec().build()).createOr(c -> c.update());
  }
}
