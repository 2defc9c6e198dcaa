package dev.unlearning.operator.reading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import dev.unlearning.api.FieldPath;
import dev.unlearning.api.ReadReport;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one UnlearningRequest and never fails on its content: the request comes back with a {@link ReadReport} of the
 * unknown fields it held, or, when a known field has a value this version cannot read (a type changed by a newer
 * CRD), as a placeholder with only its metadata and the reason, which the reconciler reports and skips. Only an
 * object without readable metadata fails, as before: the informer could not even key it.
 */
final class GuardedRequestDeserializer extends DelegatingDeserializer {

  GuardedRequestDeserializer(JsonDeserializer<?> delegate) {
    super(delegate);
  }

  @Override
  protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
    return new GuardedRequestDeserializer(newDelegatee);
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = ctxt.readTree(p);
    List<String> unknown = new ArrayList<>();
    Object outer = ctxt.getAttribute(LenientReading.UNKNOWN_FIELDS);
    ctxt.setAttribute(LenientReading.UNKNOWN_FIELDS, unknown);
    try (JsonParser fields = tree.traverse(p.getCodec())) {
      fields.nextToken();
      UnlearningRequest request = (UnlearningRequest) _delegatee.deserialize(fields, ctxt);
      request.readReport(unknown.isEmpty() ? ReadReport.CLEAN : new ReadReport(unknown, null));
      return request;
    } catch (IOException | RuntimeException e) {
      return placeholder(tree, e, ctxt);
    } finally {
      ctxt.setAttribute(LenientReading.UNKNOWN_FIELDS, outer);
    }
  }

  private static UnlearningRequest placeholder(JsonNode tree, Exception cause, DeserializationContext ctxt)
      throws IOException {
    JsonNode metadata = tree.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      throw rethrow(cause);
    }
    UnlearningRequest request = new UnlearningRequest();
    try {
      request.setMetadata(ctxt.readTreeAsValue(metadata, ObjectMeta.class));
    } catch (IOException | RuntimeException e) {
      throw rethrow(cause);
    }
    request.setSpec(null);
    request.setStatus(null);
    request.readReport(ReadReport.unreadable(describe(cause)));
    return request;
  }

  /** "spec.epochs: Cannot deserialize value of type `java.lang.Integer` from String "many"", without Jackson's tail. */
  static String describe(Exception e) {
    if (e instanceof JsonMappingException m) {
      String message = m.getOriginalMessage() == null ? m.getClass().getSimpleName() : m.getOriginalMessage();
      return FieldPath.of("", m) + ": " + message.lines().findFirst().orElse("").replaceAll(": not a valid .*", "");
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static IOException rethrow(Exception e) {
    return e instanceof IOException io ? io : new IOException(e);
  }
}
