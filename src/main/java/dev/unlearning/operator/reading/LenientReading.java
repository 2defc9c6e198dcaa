package dev.unlearning.operator.reading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.unlearning.api.UnlearningRequest;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The Jackson module of the operator's Kubernetes client: a field no model class knows is skipped (and, inside an
 * UnlearningRequest, recorded with its path) instead of failing the informer's whole list, and an UnlearningRequest
 * that cannot be read at all becomes a placeholder ({@link GuardedRequestDeserializer}). Local request files are read
 * by another, strict mapper.
 */
public final class LenientReading extends SimpleModule {

  /** Attribute of the deserialization context: the list collecting unknown field paths of the request being read. */
  static final Object UNKNOWN_FIELDS = LenientReading.class.getName() + ".unknownFields";

  public LenientReading() {
    super("unlearning-lenient-reading");
    setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
          JsonDeserializer<?> deserializer) {
        return description.getBeanClass() == UnlearningRequest.class
            ? new GuardedRequestDeserializer(deserializer) : deserializer;
      }
    });
  }

  @Override
  public void setupModule(SetupContext context) {
    super.setupModule(context);
    context.addDeserializationProblemHandler(new SkipUnknownFields());
  }

  /** Skips an unknown field; records its path when a request is being read and its value is not null. */
  static final class SkipUnknownFields extends DeserializationProblemHandler {
    @Override
    @SuppressWarnings("unchecked")
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
        Object beanOrClass, String propertyName) throws IOException {
      Object collector = ctxt.getAttribute(UNKNOWN_FIELDS);
      if (collector instanceof List<?> && p.currentToken() != JsonToken.VALUE_NULL) {
        ((List<String>) collector).add(path(p, propertyName));
      }
      p.skipChildren();
      return true;
    }
  }

  // The parser points at the unknown field's value; for an object or array value its context is already the child's.
  static String path(JsonParser p, String propertyName) {
    JsonStreamContext context = p.getParsingContext();
    if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
      context = context.getParent();
    }
    Deque<String> parts = new ArrayDeque<>();
    parts.push(propertyName);
    for (JsonStreamContext c = context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }
}
