package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Plays the kubelet for one worker pod of a Job the operator built: resolves the container's environment (values, and
 * Secret keys read from the API server as the kubelet does), then runs its command in a JVM of its own, the pod's
 * volumes mapped to local folders ({@code pvcRoot} for the claims). The child's own JVM keeps libtorch out of the
 * test application's class loader.
 */
final class WorkerPodRun {

  /** What the pod leaves: its exit code and its termination message. */
  record Outcome(int exitCode, String terminationMessage, String log) {}

  private WorkerPodRun() {}

  static Outcome run(Job job, KubernetesClient client, Path pvcRoot, Path scratch) throws IOException,
      InterruptedException {
    Container worker = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(worker.getArgs());
    Path termination = scratch.resolve("termination-log");
    command.addAll(List.of("--termination-message-path", termination.toString(), "--pvc-root", pvcRoot.toString(),
        "--scratch-dir", scratch.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("UNLEARNING_"));
    for (EnvVar e : worker.getEnv()) {
      String value = e.getValueFrom() != null ? secretValue(client, job, e.getValueFrom().getSecretKeyRef()) : e.getValue();
      if (value != null) {
        env.put(e.getName(), value);
      }
    }
    // The pod's HOME is its scratch volume; here the user's, whose libtorch cache DJL already filled.
    env.put("HOME", System.getProperty("user.home"));
    Files.deleteIfExists(termination);
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("the worker finished").isTrue();
    assertThat(termination).as("the worker wrote a termination message; its log:%n%s", log).exists();
    return new Outcome(p.exitValue(), Files.readString(termination, StandardCharsets.UTF_8), log);
  }

  /** A Secret key as the kubelet reads it; a missing optional key sets no variable, a missing one fails the pod. */
  private static String secretValue(KubernetesClient client, Job job, SecretKeySelector ref) {
    Secret secret = client.secrets().inNamespace(job.getMetadata().getNamespace()).withName(ref.getName()).get();
    String data = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
    if (data == null) {
      assertThat(ref.getOptional()).as("CreateContainerConfigError: Secret %s has no key %s", ref.getName(),
          ref.getKey()).isTrue();
      return null;
    }
    return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
  }

  /** The worker image's entrypoint for the container's args (the worker command), without Quarkus. */
  public static final class Main {
    public static void main(String[] args) {
      if (!dev.unlearning.api.WorkerContract.COMMAND.equals(args[0])) {
        throw new IllegalArgumentException("not the worker command: " + args[0]);
      }
      System.exit(new CommandLine(new dev.unlearning.cli.WorkerCommand())
          .execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
  }
}
