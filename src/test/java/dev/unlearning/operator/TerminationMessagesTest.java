package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminationMessagesTest {

  @Test
  void readsTheWorkersJson() {
    assertThat(TerminationMessages.parse("{\"outcome\":\"Failed\",\"reason\":\"InvalidInput\",\"message\":\"m\",\"extra\":1}"))
        .hasValueSatisfying(m -> assertThat(m.getReason()).isEqualTo("InvalidInput"));
  }

  @Test
  void logTailsBrokenJsonAndJsonWithoutOutcomeAreNoMessage() {
    assertThat(TerminationMessages.parse(null)).isEmpty();
    assertThat(TerminationMessages.parse("Exception in thread \"main\"")).isEmpty();
    assertThat(TerminationMessages.parse("{\"outcome\":\"Succ")).isEmpty();
    assertThat(TerminationMessages.parse("{\"level\":\"INFO\"}")).isEmpty();
  }
}
