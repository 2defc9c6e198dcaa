package dev.unlearning.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

  @Test
  void aMissingToolSkipsOnADevelopersMachineAndFailsInCi() {
    assertThatThrownBy(() -> RequiredTool.require(false, "kubectl", false))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("kubectl is not available");
    assertThatThrownBy(() -> RequiredTool.require(false, "kubectl", true))
        .isInstanceOf(AssertionFailedError.class).hasMessageContaining("kubectl is not available")
        .hasMessageContaining("CI=true");
    assertThatCode(() -> RequiredTool.require(true, "kubectl", true)).doesNotThrowAnyException();
  }
}
