package dev.unlearning.operator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.TerminationMessage;
import java.io.IOException;
import java.util.Optional;

/** Parses the worker's termination message; a log tail (FallbackToLogsOnError) is not one. */
final class TerminationMessages {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private TerminationMessages() {}

  static Optional<TerminationMessage> parse(String text) {
    if (text == null || !text.strip().startsWith("{")) {
      return Optional.empty();
    }
    try {
      TerminationMessage m = JSON.readValue(text, TerminationMessage.class);
      return m.getOutcome() == null ? Optional.empty() : Optional.of(m);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
