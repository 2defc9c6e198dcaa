package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static dev.unlearning.operator.StatusMapperTest.JOB;
import static dev.unlearning.operator.StatusMapperTest.T0;
import static dev.unlearning.operator.StatusMapperTest.pod;
import static dev.unlearning.operator.StatusMapperTest.terminated;
import static dev.unlearning.operator.StatusMapperTest.withCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.Phase;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A worker that died of a signal ends its request Failed with reason WorkerCrashed, naming the signal of its exit
 * code and, when the JVM's fatal error report is in the log tail (FallbackToLogsOnError), the native fault it caught.
 * The log tail is a real one: the JVM's output when oneDNN 3.7.1 divided by zero (CpuCacheCrashTest).
 */
class WorkerCrashTest {

  private final UnlearningRequest request = TestRequests.valid("r");

  @Test
  void aJvmFatalErrorNamesTheExitSignalAndTheNativeFaultWithItsFrame() throws IOException {
    String logTail = Files.readString(Path.of("src/test/resources/crash/jvm-sigfpe-log-tail.txt"));
    UnlearningRequestStatus s = failedWith(134, "Error", logTail);
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "Failed").getReason()).isEqualTo("WorkerCrashed");
    assertThat(s.getMessage()).startsWith("the worker was ended by SIGABRT (exit code 134 = 128 + signal 6): the JVM caught "
        + "SIGFPE in C [libtorch_cpu.so+0x11630a92] dnnl::impl::cpu::x64::brgemm_convolution_bwd_utils::"
        + "brg_blocking_t::est_eff_1x1()+0xae2; its crash report was /tmp/hs_err_pid27837.log in the container");
  }

  @Test
  void aSignalWithoutAJvmReportIsNamedFromTheExitCode() {
    UnlearningRequestStatus s = failedWith(139, "Error", "2026-12-04 INFO phase fineTune epoch 1");
    assertThat(condition(s, "Failed").getReason()).isEqualTo("WorkerCrashed");
    assertThat(s.getMessage()).startsWith("the worker was ended by SIGSEGV (exit code 139 = 128 + signal 11)");
  }

  @Test
  void aJvmReportWithAnExitCodeBelowTheSignalsStillCountsAsACrash() throws IOException {
    // PID 1 of a container may not die of its own SIGABRT: glibc's abort() then exits with 127.
    String logTail = Files.readString(Path.of("src/test/resources/crash/jvm-sigfpe-log-tail.txt"));
    UnlearningRequestStatus s = failedWith(127, "Error", logTail);
    assertThat(condition(s, "Failed").getReason()).isEqualTo("WorkerCrashed");
    assertThat(s.getMessage()).startsWith("the worker crashed (exit code 127): the JVM caught SIGFPE in C [libtorch_cpu.so");
  }

  @Test
  void anOutOfMemoryKillStaysOomKilled() {
    UnlearningRequestStatus s = failedWith(137, "OOMKilled", "");
    assertThat(condition(s, "Failed").getReason()).isEqualTo("OOMKilled");
  }

  @Test
  void theWorkersOwnExitCodesAreNoCrash() {
    UnlearningRequestStatus s = failedWith(1, "Error", "java.io.IOException: disk full");
    assertThat(condition(s, "Failed").getReason()).isEqualTo("WorkerError");
    assertThat(s.getMessage()).contains("exited with code 1");
  }

  private UnlearningRequestStatus failedWith(int exitCode, String reason, String message) {
    Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);
    job.getMetadata().setUid("job-uid");
    job = withCondition(new JobBuilder(job).withNewStatus().withActive(1).endStatus().build(), "Failed",
        "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    job.getStatus().setFailed(1);
    Pod pod = terminated(pod(job, "p1"), exitCode, reason, message);
    return StatusMapper.map(request, List.of(), WorkerObservation.of(JOB, Optional.of(job), List.of(pod)), T0);
  }
}
