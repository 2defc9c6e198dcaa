package dev.unlearning.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.deploy.EngineWarmup;
import org.junit.jupiter.api.Test;

/** The warm-up the worker image runs at build time, here with the CPU build bundled for tests (offline). */
class EngineWarmupTest {

  @Test
  void loadsTheEngineAndChecksTheFlavor() {
    assertThat(EngineWarmup.load("cpu")).startsWith("PyTorch 2.7.1 from ").contains("cpu");
    assertThatThrownBy(() -> EngineWarmup.load("cu128"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected libtorch flavor cu128");
  }
}
