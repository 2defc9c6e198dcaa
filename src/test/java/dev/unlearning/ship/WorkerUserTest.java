package dev.unlearning.ship;

import static dev.unlearning.ship.DockerfilesTest.argDefaults;
import static dev.unlearning.ship.DockerfilesTest.finalStage;
import static dev.unlearning.ship.DockerfilesTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.Location;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.RequestValidator;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.operator.DefaultImages;
import dev.unlearning.operator.TestRequests;
import dev.unlearning.operator.WorkerJobBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One number for the worker's user and group: WORKER_UID of images.env builds the image (build-images.sh passes it to
 * Dockerfile.worker, whose default must agree) and is the worker pod's runAsUser, runAsGroup and fsGroup; the data
 * loader that fills the claims runs as it too. A request may override the three ids.
 */
class WorkerUserTest {

  static long workerUid() throws Exception {
    Properties images = new Properties();
    images.load(new StringReader(Manifests.read(Manifests.path("src/main/docker/images.env"))));
    return Long.parseLong(images.getProperty("WORKER_UID"));
  }

  @Test
  void theImageIsBuiltWithTheOneNumber() throws Exception {
    List<DockerfilesTest.Instruction> all = parse("src/main/docker/Dockerfile.worker");
    assertThat(argDefaults(all)).containsEntry("WORKER_UID", Long.toString(workerUid()));
    assertThat(DefaultImages.workerUid()).isEqualTo(workerUid());
    List<DockerfilesTest.Instruction> stage = finalStage(all);
    assertThat(stage).filteredOn(i -> i.keyword().equals("USER")).extracting(DockerfilesTest.Instruction::args)
        .containsExactly("${WORKER_UID}");
    String user = stage.stream().filter(i -> i.args().contains("useradd")).findFirst().orElseThrow().args();
    assertThat(user).contains("groupadd --gid ${WORKER_UID} ").contains("useradd --uid ${WORKER_UID} --gid ${WORKER_UID} ");
    // No second copy of the number: every id in the final stage is the build argument.
    assertThat(stage).extracting(DockerfilesTest.Instruction::args)
        .noneMatch(a -> a.matches("(?s).*(--uid|--gid|chown|--chown=|USER)[ =]?\\d.*"));
  }

  @Test
  void theWorkerPodRunsAsTheImagesUserAndOwnsItsClaims() throws Exception {
    PodSecurityContext pod = pod();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getRunAsUser()).isEqualTo(workerUid());
    assertThat(pod.getRunAsGroup()).isEqualTo(workerUid());
    assertThat(pod.getFsGroup()).isEqualTo(workerUid());
    assertThat(pod.getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void theDataLoaderWritesAsTheWorkerOnTheSampleRequestsClaims() throws Exception {
    List<JsonNode> claims = Manifests.parseAll(Manifests.read(Manifests.path("k8s/claims.yaml")));
    assertThat(claims).allSatisfy(c -> assertThat(c.path("kind").asText()).isEqualTo("PersistentVolumeClaim"));
    Set<String> claimNames = new TreeSet<>(claims.stream().map(c -> c.path("metadata").path("name").asText()).toList());

    JsonNode request = Manifests.parseOne(Manifests.path("k8s/unlearn.yaml")).path("spec");
    Set<String> used = new TreeSet<>();
    for (String uri : List.of(request.path("dataset").path("uri").asText(), request.path("output").path("uri").asText())) {
      used.add(Location.parse("uri", uri).claim());
    }
    assertThat(claimNames).isEqualTo(used);

    JsonNode loader = Manifests.parseOne(Manifests.path("k8s/data-loader.yaml"));
    JsonNode security = loader.path("spec").path("securityContext");
    assertThat(security.path("runAsUser").asLong()).isEqualTo(workerUid());
    assertThat(security.path("runAsGroup").asLong()).isEqualTo(workerUid());
    assertThat(security.path("fsGroup").asLong()).isEqualTo(workerUid());
    assertThat(security.path("fsGroupChangePolicy").asText()).isEqualTo("OnRootMismatch");
    Set<String> mounted = new TreeSet<>();
    for (JsonNode volume : loader.path("spec").path("volumes")) {
      String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
      mounted.add(claim);
      assertThat(loader.path("spec").path("containers").get(0).path("volumeMounts"))
          .anySatisfy(m -> {
            assertThat(m.path("name").asText()).isEqualTo(volume.path("name").asText());
            assertThat(m.path("mountPath").asText()).isEqualTo(WorkerContract.PVC_MOUNT_ROOT + "/" + claim);
          });
    }
    assertThat(mounted).isEqualTo(used);
  }

  // spec.job may run the worker as another user, group and fsGroup, for an image built with another user.

  private final UnlearningRequest request = TestRequests.valid("r");

  private PodSecurityContext pod() {
    return new WorkerJobBuilder(TestRequests.CONFIG).build(request).getSpec().getTemplate().getSpec().getSecurityContext();
  }

  private JobSettings job() {
    JobSettings job = new JobSettings();
    request.getSpec().setJob(job);
    return job;
  }

  @Test
  void userAndGroupOverrideTheImagesAndFsGroupFollowsTheGroup() {
    job().setRunAsUser(1000L);
    request.getSpec().getJob().setRunAsGroup(2000L);
    PodSecurityContext pod = pod();
    assertThat(pod.getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getRunAsGroup()).isEqualTo(2000L);
    assertThat(pod.getFsGroup()).as("the worker's group owns the claims").isEqualTo(2000L);
    assertThat(pod.getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    assertThat(pod.getRunAsNonRoot()).isTrue();
  }

  @Test
  void eachIdOverridesAlone() {
    job().setFsGroup(3000L);
    PodSecurityContext pod = pod();
    assertThat(pod.getFsGroup()).isEqualTo(3000L);
    assertThat(pod.getRunAsUser()).isEqualTo(DefaultImages.workerUid());
    assertThat(pod.getRunAsGroup()).isEqualTo(DefaultImages.workerUid());

    job().setRunAsUser(1000L);
    assertThat(pod().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod().getRunAsGroup()).isEqualTo(DefaultImages.workerUid());
    assertThat(pod().getFsGroup()).isEqualTo(DefaultImages.workerUid());
  }

  @Test
  void idsAreCheckedAsKubernetesChecksThem() {
    JobSettings job = job();
    job.setRunAsUser(0L);
    job.setRunAsGroup(-1L);
    job.setFsGroup(2147483648L);
    assertThat(RequestValidator.problems(request.getSpec())).extracting(SpecValidationException::getMessage).containsExactly(
        "spec.job.fsGroup: must be >= 0 and <= 2147483647 (got 2147483648)",
        "spec.job.runAsGroup: must be >= 0 and <= 2147483647 (got -1)",
        "spec.job.runAsUser: must be >= 1 and <= 2147483647 (got 0)");
    job.setRunAsUser(2147483647L);
    job.setRunAsGroup(0L);
    job.setFsGroup(0L);
    assertThat(RequestValidator.problems(request.getSpec())).isEmpty();
  }

  @Test
  void theCrdDescribesAndBoundsTheIds() throws Exception {
    JsonNode job = Manifests.parseOne(Manifests.path("crds/unlearningrequests.unlearning.dev-v1.yml"))
        .path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
        .path("properties").path("spec").path("properties").path("job").path("properties");
    assertThat(job.path("runAsUser").path("minimum").asDouble()).isEqualTo(1.0);
    for (String id : new String[] {"runAsUser", "runAsGroup", "fsGroup"}) {
      assertThat(job.path(id).path("type").asText()).as(id).isEqualTo("integer");
      assertThat(job.path(id).path("maximum").asDouble()).as(id).isEqualTo(2147483647.0);
      assertThat(job.path(id).path("description").asText()).as(id).isNotBlank();
    }
    assertThat(job.path("fsGroup").path("description").asText()).contains("OnRootMismatch");
    assertThat(job.path("runAsGroup").path("minimum").asDouble()).isZero();
  }
}
