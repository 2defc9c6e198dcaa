package dev.unlearning.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import dev.unlearning.engine.runtime.OneDnnCacheSizes.State;
import org.junit.jupiter.api.Test;

/** The correction on a copy of oneDNN's CPU description (Xbyak's Cpu, 144 bytes) in native memory, on any CPU. */
class OneDnnCacheSizesTest {

  @Test
  void threeOneByteCachesAreReplacedByOneDnnsDefaults() {
    Memory cpu = description(3, 1, 1, 1);
    OneDnnCacheSizes.Outcome outcome = OneDnnCacheSizes.correct(cpu, true);
    assertThat(outcome.state()).isEqualTo(State.CORRECTED);
    assertThat(outcome.detail()).contains("1 byte", "0x8000001D", "32 KiB L1, 512 KiB L2, 1 MiB L3");
    assertThat(cpu.getInt(0x6c)).isZero();
    // Nothing else is written: the sizes stay as read, oneDNN no longer looks at them.
    assertThat(cpu.getIntArray(0x1c, 3)).containsExactly(1, 1, 1);
  }

  @Test
  void cachesThatWereReadAreLeftAlone() {
    Memory cpu = description(3, 48 * 1024, 1024 * 1024, 32 * 1024 * 1024);
    OneDnnCacheSizes.Outcome outcome = OneDnnCacheSizes.correct(cpu, true);
    assertThat(outcome.state()).isEqualTo(State.NOT_AFFECTED);
    assertThat(outcome.detail()).isEqualTo("oneDNN reads 3 data cache levels: [49152, 1048576, 33554432] bytes");
    assertThat(cpu.getInt(0x6c)).isEqualTo(3);
  }

  @Test
  void oneByteCachesOnOtherLevelsOrOnlySomeAreNotTheSignature() {
    assertThat(OneDnnCacheSizes.correct(description(2, 1, 1, 0), true).state()).isEqualTo(State.NOT_AFFECTED);
    assertThat(OneDnnCacheSizes.correct(description(3, 1, 1, 1024), true).state()).isEqualTo(State.NOT_AFFECTED);
    // No levels at all is how oneDNN says it could not read the caches: it uses its defaults already.
    assertThat(OneDnnCacheSizes.correct(description(0, 0, 0, 0), true).detail())
        .isEqualTo("oneDNN reads 0 data cache levels: [] bytes");
  }

  @Test
  void turnedOffTheSignatureIsReportedAndLeftAsRead() {
    Memory cpu = description(3, 1, 1, 1);
    OneDnnCacheSizes.Outcome outcome = OneDnnCacheSizes.correct(cpu, false);
    assertThat(outcome.state()).isEqualTo(State.LEFT_AS_READ);
    assertThat(outcome.detail()).endsWith("left so (unlearning.onednn-cache-fix=false)");
    assertThat(cpu.getInt(0x6c)).isEqualTo(3);
  }

  private static Memory description(int levels, int l1, int l2, int l3) {
    Memory cpu = new Memory(144);
    cpu.clear();
    cpu.write(0x1c, new int[] {l1, l2, l3}, 0, 3);
    cpu.setInt(0x6c, levels);
    return cpu;
  }
}
