package dev.unlearning.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.stream.Collectors;

/** The request field a Jackson error is about, written as users write it: {@code spec.forget.classes[2]}. */
public final class FieldPath {

  private FieldPath() {}

  /** The field of {@code e} below {@code root} (empty for a whole document); "document" when it has none. */
  public static String of(String root, JsonMappingException e) {
    String inner = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
    if (root.isEmpty()) {
      return inner.isEmpty() ? "document" : inner;
    }
    return inner.isEmpty() ? root : root + "." + inner;
  }
}
