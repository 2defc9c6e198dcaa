package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.EvidenceSpec;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.engine.DebianPython;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.evidence.Digests;
import dev.unlearning.engine.evidence.Dsse;
import dev.unlearning.engine.evidence.TestKeys;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evidence record in the cluster, with the mock server and {@link FakeJobController} playing the Job controller
 * and {@link WorkerPodRun} the kubelet: the operator builds the Job, the worker runs with the Job's environment (the
 * keys come from a Secret the operator never reads: its calls are checked against its ClusterRole), and the operator
 * maps the worker's termination message and the pod's image digest into status.evidence and a verdict event.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class EvidenceEndToEndTest {

  static final String NS = "evidence";
  static final String IMAGE_ID = "registry.test/unlearning@sha256:" + "5e".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();

  @KubernetesTestServer
  KubernetesServer server;
  @Inject
  KubernetesClient operatorClient;
  @Inject
  Operator operator;
  /** The test's side: the user, the Job controller ({@code scenario.cluster}) and the kubelet. */
  Scenario scenario;

  /** Made here: @TempDir is not injected into a Quarkus test's instance. */
  Path dir;
  Path pvc;

  @BeforeEach
  void start() throws Exception {
    scenario = Scenario.started(operator, OperatorCalls.testSide(operatorClient), NS);
    TestKeys.requireOpenssl();
    DebianPython.require("python3-cryptography", "cryptography");
    dir = Files.createTempDirectory("evidence-e2e");
    pvc = dir.resolve("pvc");
    new TestData(4, 12, 320, 120, 0.3, 21).writeIdx(pvc.resolve("datasets/toy"), true);
    Files.createDirectories(pvc.resolve("results"));
  }

  @AfterEach
  void everyCallOfTheOperatorIsGrantedByItsClusterRole() throws Exception {
    scenario.client.close();
    OperatorCalls.assertGrantedByClusterRole(server);
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aSignedRecordFromTheWorkerReachesTheStatusAndBothVerifiersAcceptIt() throws Exception {
    Path key = TestKeys.sigstore(dir, "cosign", "pw");
    scenario.client.resource(new SecretBuilder().withNewMetadata().withName("unlearning-evidence").withNamespace(NS)
        .endMetadata().addToData(Map.of(
            "cosign.key", base64(Files.readAllBytes(key)),
            "cosign.password", base64("pw".getBytes()),
            "cosign.pub", base64(Files.readAllBytes(dir.resolve("cosign.pub"))),
            "forget-digest.key", base64("a-forget-digest-key-of-32-bytes-or-more".getBytes())))
        .build()).create();
    UnlearningRequest request = scenario.create("signed", toy(2, spec -> {
      spec.setEvidence(new EvidenceSpec());
      spec.getEvidence().setSigningKey(new EvidenceSpec.SigningKey("unlearning-evidence"));
      spec.getEvidence().setForgetKey(new EvidenceSpec.ForgetKey("unlearning-evidence"));
      spec.setAcceptance(new AcceptanceSpec());
      spec.getAcceptance().setMaxRetainDrop(100.0);
    }));

    UnlearningRequestStatus done = runPod("signed", 0, "Completed", s -> s.getPhase() == Phase.Succeeded);
    EvidenceSummary evidence = done.getEvidence();
    Path record = pvc.resolve("results/signed/evidence.intoto.jsonl");
    assertThat(evidence.getUri()).isEqualTo("pvc://results/signed/evidence.intoto.jsonl");
    assertThat(evidence.getSha256()).isEqualTo(Digests.sha256Hex(Files.readAllBytes(record)));
    assertThat(evidence.getSigned()).isTrue();
    assertThat(evidence.getVerdict()).isEqualTo("Accepted");
    assertThat(evidence.getWorkerImage()).isEqualTo("registry.test/unlearning:test");
    assertThat(evidence.getWorkerImageID()).isEqualTo(IMAGE_ID);
    assertThat(evidence.getModelUri()).isEqualTo("pvc://results/signed/model.params");
    assertThat(done.getResults().getForgetSize()).isEqualTo(64);

    JsonNode predicate = predicate(record);
    assertThat(predicate.at("/request/namespace").asText()).isEqualTo(NS);
    assertThat(predicate.at("/request/uid").asText()).isEqualTo(request.getMetadata().getUid());
    assertThat(predicate.at("/request/generation").asLong()).isEqualTo(1);
    assertThat(predicate.at("/worker/image").asText()).isEqualTo("registry.test/unlearning:test");
    assertThat(predicate.at("/worker/operatorVersion").asText()).isEqualTo(dev.unlearning.api.BuildVersion.current());
    assertThat(predicate.at("/dataset/uri").asText()).isEqualTo("pvc://datasets/toy");
    assertThat(predicate.at("/forget/keyed").asBoolean()).isTrue();
    assertThat(evidence.getKeyId()).isEqualTo(predicate.at("/signing/keyId").asText());

    Path model = pvc.resolve("results/signed/model.params");
    assertThat(DebianPython.run(TestKeys.PYTHON_CHECK, record.toString(),
        dir.resolve("cosign.pub").toString(), model.toString())).contains("signature: ok").contains("model: ok");
    assertThat(verify(record, model)).isZero();
    // One byte changed in the record's statement, or in the model: both verifiers refuse.
    JsonNode envelope = JSON.readTree(record.toFile());
    byte[] body = Dsse.decode(envelope.path("payload").asText());
    body[new String(body, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"generation\":1") + 13] = '2';
    Path changed = Files.writeString(dir.resolve("changed.jsonl"), Files.readString(record).replace(
        envelope.path("payload").asText(), Base64.getEncoder().encodeToString(body)));
    assertThat(verify(changed, model)).as("verify, changed record").isEqualTo(5);
    assertThat(TestKeys.pythonCheck(changed, dir.resolve("cosign.pub"), model)).as("Python check, changed record")
        .isEqualTo(1);
    byte[] weights = Files.readAllBytes(model);
    weights[weights.length - 1] ^= 0x01;
    Path changedModel = Files.write(dir.resolve("model.params"), weights);
    assertThat(verify(record, changedModel)).as("verify, changed model").isEqualTo(6);
    assertThat(TestKeys.pythonCheck(record, dir.resolve("cosign.pub"), changedModel))
        .as("Python check, changed model").isEqualTo(2);
    assertThat(wideColumns("signed")).containsEntry("PHASE", "Succeeded").containsEntry("VERDICT", "Accepted")
        .containsEntry("SIGNED", "true");
    await().untilAsserted(() -> assertThat(scenario.events("signed")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("AcceptanceMet");
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getMessage()).contains("evidence record pvc://results/signed/evidence.intoto.jsonl (sha256 "
          + evidence.getSha256() + ", signed by key " + evidence.getKeyId() + ")");
    }));
  }

  @Test
  void aModelThatMissesItsGateFailsTheRequestAndIsNotPublished() throws Exception {
    // Noise that wrecks the convolutions and next to no fine-tuning: the retain accuracy falls far below the original's.
    scenario.create("gated", toy(2, spec -> {
      spec.setNoiseStd(3.0);
      spec.setLearningRate(1e-6);
      spec.setAcceptance(new AcceptanceSpec());
      spec.getAcceptance().setMaxRetainDrop(5.0);
    }));

    UnlearningRequestStatus failed = runPod("gated", 4, "Error", s -> s.getPhase() == Phase.Failed);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("AcceptanceNotMet");
    assertThat(failed.getMessage()).startsWith("spec.acceptance: the unlearned model missed 1 of 1 thresholds: retain"
        + " accuracy ").contains("points below the original's").contains("(at most 5.00); it is not published at"
        + " pvc://results/gated: it is kept with its evidence record at pvc://results/gated.rejected");
    assertThat(failed.getEvidence().getVerdict()).isEqualTo("Rejected");
    assertThat(failed.getEvidence().getSigned()).isFalse();
    assertThat(failed.getEvidence().getUri()).isEqualTo("pvc://results/gated.rejected/evidence.intoto.jsonl");
    assertThat(failed.getResults().getUnlearned().getRetain()).isLessThan(failed.getResults().getOriginal().getRetain()
        - 0.05);
    assertThat(pvc.resolve("results/gated/model.params")).doesNotExist();
    assertThat(pvc.resolve("results/gated.rejected/model.params")).exists();
    await().untilAsserted(() -> assertThat(scenario.events("gated")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("AcceptanceNotMet");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("MISSED").contains("kept at pvc://results/gated.rejected/model.params");
    }));
    assertThat(scenario.events("gated")).extracting(Event::getReason).contains("Failed");
    UnlearningRequest stored = scenario.client.resources(UnlearningRequest.class).inNamespace(NS).withName("gated")
        .get();
    assertThat(KstatusConditionsTest.kstatus(stored)).as("kstatus, as Flux and kpt read it").isEqualTo("Failed");
    assertThat(condition(stored.getStatus(), "Stalled").getReason()).isEqualTo("AcceptanceNotMet");
    assertThat(wideColumns("gated")).containsEntry("PHASE", "Failed").containsEntry("VERDICT", "Rejected")
        .containsEntry("SIGNED", "false");
  }

  /** The operator's Job, its pod run by the kubelet and the Job controller, until the status satisfies {@code done}. */
  private UnlearningRequestStatus runPod(String name, int exit, String reason,
      java.util.function.Predicate<UnlearningRequestStatus> done) throws Exception {
    Job job = scenario.awaitJob(name + "-unlearn");
    FakeJobController cluster = scenario.cluster;
    Pod pod = cluster.running(cluster.createPod(job, "w1"));
    scenario.awaitStatus(name, s -> s.getPhase() == Phase.Running);
    Path scratch = Files.createDirectories(dir.resolve("scratch-" + name));
    WorkerPodRun.Outcome outcome = WorkerPodRun.run(job, scenario.client, pvc, scratch);
    assertThat(outcome.exitCode()).as(outcome.log()).isEqualTo(exit);
    assertThat(outcome.log()).doesNotContain("BEGIN ENCRYPTED").doesNotContain("forget-digest-key");
    cluster.terminated(pod, exit, reason, outcome.terminationMessage(), IMAGE_ID);
    if (exit == 0) {
      cluster.complete(job);
    } else {
      cluster.fail(job, 1, "PodFailurePolicy", "Container worker for pod " + NS + "/" + pod.getMetadata().getName()
          + " failed with exit code " + exit + " matching FailJob rule at index 0");
    }
    return scenario.awaitStatus(name, done);
  }

  private static Consumer<UnlearningRequest> toy(int pretrainEpochs, Consumer<dev.unlearning.api.UnlearningRequestSpec>
      change) {
    return r -> {
      var spec = r.getSpec();
      spec.getModel().setNumClasses(4);
      spec.getModel().setPretrainEpochs(pretrainEpochs);
      spec.getDataset().setUri("pvc://datasets/toy");
      spec.getDataset().setFormat(DatasetSpec.FORMAT_IDX);
      spec.setOutput(new OutputSpec("pvc://results/" + r.getMetadata().getName()));
      spec.setEpochs(1);
      spec.setBatchSize(32);
      spec.getForget().setFraction(0.2);
      spec.setClassWeights(List.of(1.0, 0.5, 0.5, 0.5));
      JobSettings job = new JobSettings();
      job.setGpus(0);
      spec.setJob(job);
      change.accept(spec);
    };
  }

  private static JsonNode predicate(Path record) throws Exception {
    return JSON.readTree(Dsse.decode(JSON.readTree(record.toFile()).path("payload").asText())).path("predicate");
  }

  private int verify(Path record, Path model) {
    dev.unlearning.cli.VerifyCommand verify = new dev.unlearning.cli.VerifyCommand();
    return new picocli.CommandLine(verify).execute("--evidence", record.toString(), "--model", model.toString(),
        "--key", dir.resolve("cosign.pub").toString());
  }

  /** What {@code kubectl get ulr NAME -o wide} shows: the CRD's printer columns read from the stored object. */
  private Map<String, String> wideColumns(String name) throws Exception {
    JsonNode crd = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(CrdIsCommittedTest.COMMITTED.toFile());
    JsonNode stored = JSON.valueToTree(scenario.client.resources(UnlearningRequest.class).inNamespace(NS)
        .withName(name).get());
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    for (JsonNode column : crd.at("/spec/versions/0/additionalPrinterColumns")) {
      JsonNode value = stored.at(column.get("jsonPath").asText().replace('.', '/'));
      shown.put(column.get("name").asText(), value.isMissingNode() ? "<none>" : value.asText());
    }
    return shown;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
