package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.deploy.LeaderElectionProducer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * config/rbac's Lease Role grants every call of the operator's leader election, recorded by the mock API server. In
 * a class of its own: the elector's threads end after the test, and the manifest checks (RbacTest) need no server.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseRoleTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void leaderElectionRoleGrantsWhatTheLeaseLockDoes() throws Exception {
    // JOSDK's leader election is Fabric8's LeaderElector on a LeaseLock: acquire (read, create), then renew.
    CountDownLatch leading = new CountDownLatch(1);
    CompletableFuture<?> elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName(LeaderElectionProducer.DEFAULT_LEASE_NAME)
        .withLock(new LeaseLock(InstallManifestsTest.NAMESPACE, LeaderElectionProducer.DEFAULT_LEASE_NAME, "pod-a"))
        .withLeaseDuration(Duration.ofSeconds(2))
        .withRenewDeadline(Duration.ofSeconds(1))
        .withRetryPeriod(Duration.ofMillis(100))
        .withLeaderCallbacks(new LeaderCallbacks(leading::countDown, () -> { }, identity -> { }))
        .build()).build().start();
    assertThat(leading.await(30, TimeUnit.SECONDS)).as("acquired the lease").isTrue();
    Thread.sleep(500);
    elector.cancel(true);

    List<RecordedRequest> calls = OperatorRole.drain(server);
    // Fabric8 7 renews the Lease with a patch (JOSDK's start-up access check asks for update).
    assertThat(calls).extracting(RecordedRequest::getMethod).contains("GET", "POST", "PATCH");
    OperatorRole.assertGrants(OperatorRole.leaderElectionRole(), calls);
  }
}
