package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeCrashTest {

  @Test
  void theJvmsFatalErrorHeaderGivesTheSignalTheFrameAndTheReportFile() throws IOException {
    NativeCrash crash = NativeCrash.parse(Files.readString(Path.of("src/test/resources/crash/jvm-sigfpe-log-tail.txt")))
        .orElseThrow();
    assertThat(crash.signal()).isEqualTo("SIGFPE");
    assertThat(crash.frame()).isEqualTo("C  [libtorch_cpu.so+0x11630a92]  "
        + "dnnl::impl::cpu::x64::brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1()+0xae2");
    assertThat(crash.reportFile()).isEqualTo("/tmp/hs_err_pid27837.log");
    assertThat(crash.describe()).isEqualTo("SIGFPE in C [libtorch_cpu.so+0x11630a92] "
        + "dnnl::impl::cpu::x64::brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1()+0xae2");
  }

  @Test
  void aSignalSentByKillHasTheSameHeader() {
    String header = "#\n#  SIGSEGV (0xb) at pc=0x00007fe7fc233f14 (sent by kill), pid=29979, tid=29979\n#\n";
    assertThat(NativeCrash.parse(header).orElseThrow().describe()).isEqualTo("SIGSEGV");
  }

  @Test
  void aLogWithoutTheHeaderIsNoCrash() {
    assertThat(NativeCrash.parse("java.io.IOException: disk full\n\tat dev.unlearning.X")).isEmpty();
    assertThat(NativeCrash.parse(null)).isEmpty();
  }

  @Test
  void exitCodesAboveOneTwentyEightNameTheirSignal() {
    assertThat(NativeCrash.bySignal(134)).isTrue();
    assertThat(NativeCrash.bySignal(128)).isFalse();
    assertThat(NativeCrash.bySignal(3)).isFalse();
    assertThat(NativeCrash.describeExit(136)).isEqualTo("SIGFPE (exit code 136 = 128 + signal 8)");
    assertThat(NativeCrash.describeExit(159)).isEqualTo("signal 31 (exit code 159 = 128 + signal 31)");
  }
}
