package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local run's JVM that a signal ends is reported with the signal, and a native crash with its report. */
class CrashWatchTest {

  @TempDir
  Path tmp;

  @Test
  void theChildIsThisJvmsCommandLineWithAKnownCrashReportAndTheRunInItself() {
    CrashWatch watch = new CrashWatch(tmp);
    Optional<List<String>> child = watch.childCommand(Optional.of("/usr/bin/java"),
        Optional.of(new String[] {"-Xmx1g", "-jar", "target/quarkus-app/quarkus-run.jar", "run", "-f", "unlearn.yaml"}));
    assertThat(child).contains(List.of("/usr/bin/java", "-XX:ErrorFile=" + tmp.resolve("unlearning-hs_err_pid%p.log"),
        "-Xmx1g", "-jar", "target/quarkus-app/quarkus-run.jar", "run", "-f", "unlearn.yaml", "--no-watch"));
    assertThat(watch.reportFile(42)).isEqualTo(tmp.resolve("unlearning-hs_err_pid42.log"));
  }

  @Test
  void onlyThePackagedApplicationIsRunAgain() {
    CrashWatch watch = new CrashWatch(tmp);
    // A test JVM (Surefire's booter), a class path, or a platform that does not tell the command line.
    assertThat(watch.childCommand(Optional.of("/usr/bin/java"),
        Optional.of(new String[] {"-jar", "target/surefire/surefirebooter-1.jar", "target/surefire"}))).isEmpty();
    assertThat(watch.childCommand(Optional.of("/usr/bin/java"),
        Optional.of(new String[] {"-cp", "quarkus-run.jar", "Main", "run"}))).isEmpty();
    assertThat(watch.childCommand(Optional.of("/usr/bin/java"), Optional.empty())).isEmpty();
  }

  @Test
  void aJvmKilledByAFaultIsReportedWithTheSignalTheFrameAndTheCrashReport() throws Exception {
    CrashWatch watch = new CrashWatch(tmp);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path ready = tmp.resolve("ready");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> watch.run(child(watch, ready.toString()), new PrintStream(err, true, StandardCharsets.UTF_8)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(ready) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long pid = Long.parseLong(Files.readString(ready));
    ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
    assertThat(jvm.parent().map(ProcessHandle::pid)).contains(ProcessHandle.current().pid());
    // SIGFPE, as oneDNN's division by zero raised it: the JVM writes its crash report and aborts.
    assertThat(new ProcessBuilder("kill", "-FPE", Long.toString(jvm.pid())).start().waitFor()).isZero();

    assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(134);
    Path report = watch.reportFile(jvm.pid());
    assertThat(report).exists();
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("error: the run crashed in native code: the JVM caught SIGFPE in C [")
        .endsWith("and aborted (exit code 134); its crash report: " + report);
  }

  @Test
  void aRunThatEndsByItselfIsPassedThroughWithoutAWord() throws Exception {
    CrashWatch watch = new CrashWatch(tmp);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = watch.run(child(watch, tmp.resolve("ready").toString(), "2"), new PrintStream(err));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aSignalWithoutACrashReportIsNamed() {
    CrashWatch watch = new CrashWatch(tmp);
    assertThat(watch.describe(137, 7)).contains(
        "the run was ended by SIGKILL (exit code 137 = 128 + signal 9), e.g. by the kernel when memory ran out");
    assertThat(watch.describe(143, 7)).contains("the run was ended by SIGTERM (exit code 143 = 128 + signal 15)");
    assertThat(watch.describe(0, 7)).isEmpty();
    assertThat(watch.describe(3, 7)).isEmpty();
  }

  private static List<String> child(CrashWatch watch, String... args) {
    List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
        WaitsForASignal.class.getName()));
    command.addAll(List.of(args));
    return watch.withCrashReport(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command);
  }
}
