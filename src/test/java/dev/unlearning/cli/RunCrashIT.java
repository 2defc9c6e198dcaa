package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application's local run as a user starts it ({@code java -jar quarkus-run.jar run -f ...}), whose
 * request JVM dies of SIGFPE, the signal oneDNN's division by zero raised: the run says so, with the frame and the
 * crash report, and exits with the JVM's 134. The signal is sent with kill, so that this happens on every CPU.
 */
class RunCrashIT {

  static final String JAR = System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar");

  @TempDir
  Path tmp;

  @Test
  void aNativeCrashOfTheRunIsNamedWithItsCrashReport() throws Exception {
    Path log = tmp.resolve("run.log");
    Process run = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-jar", JAR, "run", "-f", "k8s/unlearn-local.yaml", "-o", tmp.resolve("out").toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      // The request runs in a child JVM of the packaged application; wait until it has started its engine.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.readString(log).contains("Number of intra-op threads") && run.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      List<ProcessHandle> children = run.children().toList();
      assertThat(children).as(Files.readString(log)).hasSize(1);
      long child = children.get(0).pid();
      assertThat(children.get(0).info().arguments().map(List::of).orElseThrow()).contains("--no-watch");
      assertThat(new ProcessBuilder("kill", "-FPE", Long.toString(child)).start().waitFor()).isZero();

      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      Path report = tmp.resolve("unlearning-hs_err_pid" + child + ".log");
      assertThat(run.exitValue()).as(output).isEqualTo(134);
      assertThat(output).contains("error: the run crashed in native code: the JVM caught SIGFPE in ",
          "and aborted (exit code 134); its crash report: " + report);
      assertThat(report).exists();
    } finally {
      run.destroyForcibly();
    }
  }
}
