package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's /usr/bin/python3 with its packaged modules (python3-pil, python3-torch, python3-torchvision), which make
 * the reference data of some tests. Missing modules skip those tests on a developer machine and fail them under
 * CI=true, where .ci/run installs them ({@link RequiredTool}).
 */
public final class DebianPython {

  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private DebianPython() {}

  /** Skips (or, under CI=true, fails) the calling test unless every module imports. */
  public static void require(String debianPackages, String... modules) {
    boolean ok = Files.isExecutable(PYTHON);
    if (ok) {
      try {
        ok = exec(List.of(PYTHON.toString(), "-c", "import " + String.join(", ", modules))).exit == 0;
      } catch (IOException e) {
        ok = false;
      }
    }
    RequiredTool.require(ok, PYTHON + " with " + String.join(", ", modules) + " (apt-get install -y " + debianPackages
        + ")");
  }

  /** Runs a Python script and returns its standard output; fails the test on a non-zero exit. */
  public static String run(Path script, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
    cmd.addAll(List.of(args));
    Result r = exec(cmd);
    assertThat(r.exit).as("%s failed:%n%s", cmd, r.stderr).isZero();
    return r.stdout;
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result exec(List<String> cmd) throws IOException {
    // stderr goes to a file, so neither pipe can fill up while the other is read.
    Path errFile = Files.createTempFile("python-", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out, "timed out");
      }
      return new Result(p.exitValue(), out, Files.readString(errFile));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(errFile);
    }
  }
}
