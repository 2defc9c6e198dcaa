package dev.unlearning.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.TerminationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Writes the worker's termination message: compact JSON that Kubernetes copies into the pod status, where the
 * operator reads it. Kubernetes keeps at most 4096 bytes, so a long failure message is shortened to fit.
 */
public final class TerminationMessageWriter {

  /** Kubernetes truncates termination messages beyond this many bytes. */
  public static final int MAX_BYTES = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = Logger.getLogger(TerminationMessageWriter.class);

  private final Path path;

  public TerminationMessageWriter(Path path) {
    this.path = path;
  }

  /** Renders the message as JSON of at most {@link #MAX_BYTES} bytes. */
  public static String render(TerminationMessage message) {
    try {
      String json = JSON.writeValueAsString(message);
      String text = message.getMessage();
      // Shorten only the free text, so the result stays valid JSON the operator can parse.
      while (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES && text != null && !text.isEmpty()) {
        int over = json.getBytes(StandardCharsets.UTF_8).length - MAX_BYTES;
        int keep = Math.max(0, text.length() - over - 16);
        text = text.substring(0, keep) + "...";
        message.setMessage(text);
        json = JSON.writeValueAsString(message);
        if (keep == 0) {
          break;
        }
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render termination message", e);
    }
  }

  /** Writes the message; a failure to write is logged but never hides the run's own outcome. */
  public void write(TerminationMessage message) {
    try {
      Files.writeString(path, render(message), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("cannot write termination message to %s: %s", path, e.getMessage());
    }
  }
}
