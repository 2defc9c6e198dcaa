package dev.unlearning.api;

/** A request field with an invalid value. The message names the field, e.g. {@code spec.forget.fraction: ...}. */
public class SpecValidationException extends RuntimeException {

  private final String field;

  public SpecValidationException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
