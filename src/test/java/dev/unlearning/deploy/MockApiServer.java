package dev.unlearning.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unlearning.ship.OperatorRole;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * The stand-in API server of the packaged operator's process tests: the Fabric8 mock server in CRUD mode with the
 * committed CRD, and JOSDK's start-up Lease access check (a SelfSubjectRulesReview, which CRUD mode cannot answer)
 * answered with the rules of config/rbac's leader-election Role, so the shipped Role is what lets the operator elect.
 */
final class MockApiServer implements AutoCloseable {

  /** The operator's namespace, where its Lease lives (the pod's namespace in a cluster). */
  static final String OPERATOR_NAMESPACE = "ops";

  final KubernetesMockServer server;
  final KubernetesClient client;

  MockApiServer() throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, leaseRules()).always();
    try (InputStream in = Files.newInputStream(Path.of("crds", "unlearningrequests.unlearning.dev-v1.yml"))) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).create();
      server.expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
    }
  }

  String url() {
    return client.getConfiguration().getMasterUrl();
  }

  /** The holder of the operator's Lease: empty when released, null when there is no Lease yet. */
  String leaseHolder() {
    Lease lease = client.leases().inNamespace(OPERATOR_NAMESPACE).withName(LeaderElectionProducer.DEFAULT_LEASE_NAME)
        .get();
    return Optional.ofNullable(lease).map(l -> Optional.ofNullable(l.getSpec().getHolderIdentity()).orElse(""))
        .orElse(null);
  }

  private static SelfSubjectRulesReview leaseRules() {
    List<ResourceRule> rules = new ArrayList<>();
    for (JsonNode rule : OperatorRole.leaderElectionRole().path("rules")) {
      rules.add(new ResourceRule(texts(rule.path("apiGroups")), texts(rule.path("resourceNames")),
          texts(rule.path("resources")), texts(rule.path("verbs"))));
    }
    return new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false).withResourceRules(rules)
        .endStatus().build();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
