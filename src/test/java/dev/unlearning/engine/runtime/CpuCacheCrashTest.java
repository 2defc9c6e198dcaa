package dev.unlearning.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why this exists: libtorch 2.7.1's oneDNN reads an AMD CPU's caches from CPUID leaf 0x8000001D, which some
 * hypervisors leave empty (a 2-core AMD EPYC Zen 5 cloud machine), takes every cache for 1 byte and then divides by
 * zero in the 1x1 convolution backward of ResNet-50 (SIGFPE, the JVM dies). OneDnnCacheSizes corrects that. This
 * runs those convolutions (ResNet50BottleneckBackward) in a JVM of their own, so that a crash fails this test
 * instead of ending the test run, once as the worker runs them and once with the correction turned off. A libtorch
 * upgrade that brings the crash back, or moves oneDNN's CPU description so that the check cannot find it, fails
 * here on such a machine; one that fixes oneDNN fails here too, saying the correction is no longer needed.
 */
class CpuCacheCrashTest {

  @TempDir
  Path tmp;

  @Test
  void resNet50BottlenecksTrainAtThirtyTwoPixels() throws Exception {
    Run run = run(true);
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("backward ok");
    assertThat(run.state()).isIn("CORRECTED", "NOT_AFFECTED");
  }

  @Test
  void withoutTheCorrectionTheyCrashExactlyWhereTheCpuHidesItsCaches() throws Exception {
    Run run = run(false);
    if (run.state().equals("LEFT_AS_READ")) {
      // This CPU has the signature: the unfixed oneDNN must crash, in the place the correction is for.
      assertThat(run.exit).as("oneDNN no longer crashes with 1-byte caches: the correction may go\n" + run.output)
          .isEqualTo(134);
      String report = Files.readString(crashReport());
      assertThat(report).contains("SIGFPE", "brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1()");
    } else {
      assertThat(run.state()).isEqualTo("NOT_AFFECTED");
      assertThat(run.exit).as(run.output).isZero();
    }
  }

  record Run(int exit, String output) {
    String state() {
      return output.lines().filter(l -> l.startsWith("oneDNN cache check: ")).findFirst()
          .map(l -> l.substring("oneDNN cache check: ".length())).orElse("(not printed)");
    }
  }

  private Run run(boolean correct) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx512m", "-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log"),
        "-D" + OneDnnCacheSizes.PROPERTY + "=" + correct, "-cp", System.getProperty("java.class.path"),
        ResNet50BottleneckBackward.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), output);
  }

  private Path crashReport() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).findFirst().orElseThrow();
    }
  }
}
