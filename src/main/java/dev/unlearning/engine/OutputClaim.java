package dev.unlearning.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Location;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.UnlearningRequestSpec;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks, before a run loads anything, that its output location holds no other request's result: a result.json
 * there names its owner ({@link OutputOwner}), and only the same request (a retry, a re-run) may replace it, unless
 * the spec says {@code output.overwrite: true}. A location without result.json (new, or a partial output that no
 * result vouches for) is free.
 */
public final class OutputClaim {

  static final String FIELD = "spec.output.uri";
  private static final Logger LOG = Logger.getLogger(OutputClaim.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputClaim() {}

  /** @throws InvalidInputException (exit code 2) naming both requests and the location when it is another's */
  public static void check(UnlearningRequestSpec spec, OutputOwner owner, Locations locations, String resultFile) {
    check(spec, owner, locations, resultFile, spec.getOutput().getUri());
  }

  /** The same check of another location the run may write: the .rejected sibling of an acceptance gate. */
  public static void check(UnlearningRequestSpec spec, OutputOwner owner, Locations locations, String resultFile,
      String uri) {
    Optional<byte[]> existing = locations.outputFile(FIELD, uri, resultFile);
    if (existing.isEmpty()) {
      return;
    }
    Optional<OutputOwner> previous = ownerOf(existing.get());
    if (previous.isPresent() && previous.get().sameRequest(owner)) {
      return;
    }
    String theirs = previous.map(OutputOwner::describe)
        .orElse("a request it does not name (a " + resultFile + " without owner, or unreadable)");
    String where = Location.displayOf(uri);
    if (spec.getOutput().effectiveOverwrite()) {
      LOG.warnf("%s: replacing the result of %s at %s (spec.output.overwrite)", FIELD, theirs, where);
      return;
    }
    throw new InvalidInputException(FIELD + ": " + where + " holds the result of another request, " + theirs
        + "; this is " + owner.describe() + ". Choose another output location, or set spec.output.overwrite: true"
        + " to replace that result");
  }

  private static Optional<OutputOwner> ownerOf(byte[] resultJson) {
    try {
      JsonNode owner = JSON.readTree(resultJson).path("owner");
      return owner.isObject() ? Optional.of(JSON.treeToValue(owner, OutputOwner.class)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
