package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.operator.DefaultImages;
import dev.unlearning.operator.TestRequests;
import dev.unlearning.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The worker's check, before any loading, that it can write its output and scratch space. The permission case runs
 * for real as the worker's user: as root (tests may run as root here, and root writes through any permission bits)
 * the check runs in a JVM started with setpriv as that user against a claim whose root belongs to root with mode 755,
 * as a fresh claim's does, and then against the same root group-owned and group-writable, as fsGroup leaves it.
 */
class WritableCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path pvcRoot;
  private Path scratch;

  @BeforeEach
  void claims() throws Exception {
    // JUnit's temporary directory is private to root; the worker's user must reach the claims below it.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    pvcRoot = Files.createDirectories(dir.resolve("pvc"));
    scratch = Files.createDirectories(dir.resolve("scratch"));
  }

  @Test
  void anOutputUnderARegularFileEndsTheWorkerWithExit2BeforeLoading() throws Exception {
    Files.writeString(pvcRoot.resolve("results"), "a file where the claim's directory should be");
    UnlearningRequestSpec spec = TestRequests.valid("r").getSpec();
    spec.setOutput(new OutputSpec("pvc://results/run-1"));
    Path termination = dir.resolve("termination-log");

    WorkerCommand worker = new WorkerCommand();
    worker.env = Map.of(WorkerContract.ENV_REQUEST, JSON.writeValueAsString(spec))::get;
    int exit = new CommandLine(worker).execute("--termination-message-path", termination.toString(),
        "--pvc-root", pvcRoot.toString(), "--scratch-dir", scratch.toString());

    assertThat(exit).isEqualTo(2);
    TerminationMessage m = JSON.readValue(Files.readString(termination), TerminationMessage.class);
    ProcessIdentity me = ProcessIdentity.current();
    assertThat(m.getMessage()).startsWith("spec.output.uri: the worker cannot write its output to claim results,"
            + " path run-1 (" + pvcRoot.resolve("results/run-1") + "): " + pvcRoot.resolve("results")
            + " is a regular file, not a directory; it runs as uid " + me.uid() + ", gid " + me.gid())
        .contains("Fix: choose an output path whose parents are directories");
    assertThat(pvcRoot.resolve("results")).isRegularFile();
  }

  @Test
  void scratchSpaceThatCannotBeWrittenIsNamed() {
    Path notADirectory = dir.resolve("scratch-file");
    assertThatThrownBy(() -> {
      Files.writeString(notADirectory, "x");
      WritableCheck.outputAndScratch(spec("pvc://results/run-1"), pvcRoot, notADirectory.resolve("tmp"),
          ProcessIdentity.current());
    }).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("scratch space " + notADirectory.resolve("tmp") + " (HOME and temporary files): "
            + notADirectory + " is a regular file, not a directory; the worker runs as uid ")
        .hasMessageContaining("the operator's Jobs mount an emptyDir there");
    assertThat(pvcRoot.resolve("results/run-1")).as("the output was checked first and is writable").isDirectory();
  }

  @Test
  void aFreshClaimIsNotWritableForTheWorkerUntilFsGroupOwnsIt() throws Exception {
    Path claim = Files.createDirectories(pvcRoot.resolve("results"));
    Files.setAttribute(scratch, "unix:mode", 01777);
    readOnlyForTheWorker(claim);

    Run denied = asWorker("pvc://results/run-1");
    assertThat(denied.exit()).as(denied.output()).isEqualTo(2);
    assertThat(denied.output()).startsWith("spec.output.uri: the worker cannot write its output to claim results,"
            + " path run-1 (" + claim.resolve("run-1") + "): permission denied on " + claim.resolve("run-1"))
        .contains("it runs as uid " + workerUid() + ", gid " + workerGid())
        .contains("Fix: let group " + workerGid() + " write to claim results: the operator sets the pod's fsGroup")
        .contains("spec.job.runAsUser, runAsGroup and fsGroup");
    assertThat(claim.resolve("run-1")).doesNotExist();

    ownedByTheWorkersGroup(claim);
    Run allowed = asWorker("pvc://results/run-1");
    assertThat(allowed.exit()).as(allowed.output()).isZero();
    assertThat(allowed.output()).isEqualTo("writable");
    assertThat(claim.resolve("run-1")).isDirectory().isEmptyDirectory();
  }

  @Test
  void scratchSpaceTheWorkerCannotWriteIsRefusedToo() throws Exception {
    ownedByTheWorkersGroup(Files.createDirectories(pvcRoot.resolve("results")));
    readOnlyForTheWorker(scratch);

    Run denied = asWorker("pvc://results/run-2");
    assertThat(denied.exit()).as(denied.output()).isEqualTo(2);
    assertThat(denied.output()).startsWith("scratch space " + scratch + " (HOME and temporary files): permission denied")
        .contains("runs as uid " + workerUid());
  }

  private static boolean root() {
    return ProcessIdentity.current().uid() == 0;
  }

  /** The worker's user: the image's as root (the check then runs under setpriv), else this test's user. */
  private static long workerUid() {
    return root() ? DefaultImages.workerUid() : ProcessIdentity.current().uid();
  }

  private static long workerGid() {
    return root() ? DefaultImages.workerUid() : ProcessIdentity.current().gid();
  }

  /** As a freshly provisioned volume's root: root's, mode 755 (as another user: no write bit for the owner). */
  private static void readOnlyForTheWorker(Path dir) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(root() ? "rwxr-xr-x" : "r-xr-xr-x"));
  }

  /** What the kubelet does for fsGroup: the volume's root group-owned by it, group-writable, set-group-id. */
  private static void ownedByTheWorkersGroup(Path dir) throws Exception {
    if (root()) {
      Files.setAttribute(dir, "unix:gid", (int) workerGid());
    }
    Files.setAttribute(dir, "unix:mode", 02775);
  }

  private static UnlearningRequestSpec spec(String output) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setOutput(new OutputSpec(output));
    return spec;
  }

  record Run(int exit, String output) {}

  /** The check as the worker's user: in a JVM started by setpriv when this test runs as root, else in this JVM. */
  private Run asWorker(String output) throws Exception {
    long worker = DefaultImages.workerUid();
    if (ProcessIdentity.current().uid() != 0) {
      // Permission bits bind this user already.
      try {
        WritableCheck.outputAndScratch(spec(output), pvcRoot, scratch, ProcessIdentity.current());
        return new Run(0, "writable");
      } catch (InvalidInputException e) {
        return new Run(2, e.getMessage());
      }
    }
    RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux)");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + worker, "--regid=" + worker,
        "--clear-groups", "--", java, "-XX:-UsePerfData", "-Xshare:auto",
        "-cp", Path.of("target/classes").toAbsolutePath() + ":" + Path.of("target/test-classes").toAbsolutePath(),
        WritableCheckProbe.class.getName(), pvcRoot.toString(), scratch.toString(), output));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
