package dev.unlearning.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the packaged operator as a Deployment runs it: {@code java -jar quarkus-run.jar operator} in the prod
 * profile (leader election on), its pod name in HOSTNAME, the API server and namespace a pod's service account would
 * give it. Stopped with SIGTERM, as the kubelet stops a pod.
 */
final class OperatorReplica implements AutoCloseable {

  /** The jar that `mvn package` built (the failsafe plugin passes its path). */
  static final String JAR = System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar");

  final String identity;
  final Path log;
  private final Process process;

  OperatorReplica(String identity, String apiServer, Path logDir) throws IOException {
    this.identity = identity;
    this.log = logDir.resolve(identity + ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Dquarkus.kubernetes-client.api-server-url=" + apiServer,
        "-Dquarkus.kubernetes-client.namespace=" + MockApiServer.OPERATOR_NAMESPACE,
        "-jar", JAR, "operator"))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HOSTNAME", identity);
    builder.environment().remove("QUARKUS_PROFILE");
    process = builder.start();
  }

  /** Waits until the log has a line containing {@code text}. */
  void awaitLog(String text, Duration atMost) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!Files.readString(log).contains(text)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(identity + " logged no \"" + text + "\" within " + atMost
            + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + ":\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  /** Sends SIGTERM and waits up to {@code atMost} for the exit; the time it took, or null when still running. */
  Duration terminate(Duration atMost) throws InterruptedException {
    long start = System.nanoTime();
    process.destroy(); // SIGTERM
    return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS) ? Duration.ofNanos(System.nanoTime() - start)
        : null;
  }

  long pid() {
    return process.pid();
  }

  int exitCode() {
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
