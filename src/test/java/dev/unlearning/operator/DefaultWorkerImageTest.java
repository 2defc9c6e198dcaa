package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator started without {@code unlearning.worker.image} (as the README's {@code java -jar ... operator} does)
 * gives its Jobs exactly the worker image that {@code src/main/docker/build-images.sh} builds.
 */
class DefaultWorkerImageTest {

  static final WorkerConfig UNSET = new WorkerConfig() {
    @Override
    public Optional<String> image() {
      return Optional.empty();
    }

    @Override
    public Optional<String> imagePullPolicy() {
      return Optional.empty();
    }
  };

  @Test
  void defaultWorkerImageIsTheOneTheBuildScriptBuilds(@TempDir Path dir) throws Exception {
    // A stand-in for docker that records the tags it is asked to build.
    Path calls = dir.resolve("calls.txt");
    Path docker = dir.resolve("docker");
    Files.writeString(docker, "#!/bin/sh\necho \"$@\" >> " + calls + "\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder script = new ProcessBuilder("bash", "src/main/docker/build-images.sh").redirectErrorStream(true);
    script.environment().put("DOCKER", docker.toString());
    script.environment().put("SKIP_PACKAGE", "true");
    List.of("IMAGE_REGISTRY", "IMAGE_TAG", "WORKER_IMAGE", "OPERATOR_IMAGE", "PUSH").forEach(script.environment()::remove);
    Process process = script.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    String workerBuild = Files.readAllLines(calls).stream().filter(l -> l.contains("Dockerfile.worker")).findFirst()
        .orElseThrow();
    String builtTag = workerBuild.replaceAll(".* -t (\\S+).*", "$1");

    String jobImage = new WorkerJobBuilder(UNSET).build(TestRequests.valid("a"))
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    assertThat(jobImage).isEqualTo(builtTag).isEqualTo(DefaultImages.worker());
    Properties env = new Properties();
    env.load(new StringReader(Files.readString(Path.of("src/main/docker/images.env"))));
    assertThat(jobImage).isEqualTo(env.getProperty("WORKER_IMAGE") + ":" + env.getProperty("IMAGE_TAG"));
    // The worker's user and group id too: the script builds the image with the id the operator runs its pods as.
    assertThat(workerBuild).contains("--build-arg WORKER_UID=" + env.getProperty("WORKER_UID") + " ");
    assertThat(DefaultImages.workerUid()).isEqualTo(Long.parseLong(env.getProperty("WORKER_UID")));
  }

  @Test
  void applicationPropertiesSetNoWorkerImageOutsideTests() throws IOException {
    Properties app = new Properties();
    app.load(new StringReader(Files.readString(Path.of("src/main/resources/application.properties"))));
    assertThat(app.stringPropertyNames()).as("a default here would shadow images.env")
        .noneMatch(k -> k.equals("unlearning.worker.image") || k.matches("%(prod|dev)\\.unlearning\\.worker\\.image"));
  }
}
