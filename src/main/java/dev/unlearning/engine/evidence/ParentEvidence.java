package dev.unlearning.engine.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.Location;
import dev.unlearning.engine.Locations;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The record of the run whose output a request unlearns further: an evidence.intoto.jsonl in the folder of the input
 * model (an earlier run's output location). Looked up at the input's location (local, pvc:// or s3://); an unreadable
 * or foreign file is logged and left out, since the input is then not a run's output as far as anyone can tell.
 */
public final class ParentEvidence {

  private static final Logger LOG = Logger.getLogger(ParentEvidence.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ParentEvidence() {}

  public static Optional<ErasureStatement.Parent> find(String modelUri, String modelSha256, Locations locations,
      String recordName) {
    int slash = modelUri.lastIndexOf('/');
    if (slash < 0 || modelUri.startsWith("http")) {
      return Optional.empty();
    }
    String folder = modelUri.substring(0, slash);
    Optional<byte[]> record;
    try {
      record = locations.outputFile("spec.model.uri", folder.isEmpty() ? "/" : folder, recordName);
    } catch (RuntimeException e) {
      LOG.warnf("spec.model.uri: cannot look for an earlier run's %s beside the model: %s", recordName, e.getMessage());
      return Optional.empty();
    }
    if (record.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode envelope = JSON.readTree(record.get());
      JsonNode statement = JSON.readTree(Dsse.decode(envelope.path("payload").asText()));
      String subject = statement.path("subject").path(0).path("digest").path("sha256").asText();
      String where = Location.displayOf(folder) + "/" + recordName;
      return Optional.of(new ErasureStatement.Parent(where, Map.of("sha256", Digests.sha256Hex(record.get())),
          subject.equals(modelSha256)));
    } catch (java.io.IOException | IllegalArgumentException e) {
      LOG.warnf("spec.model.uri: the %s beside the model is not an evidence record; left out", recordName);
      return Optional.empty();
    }
  }
}
