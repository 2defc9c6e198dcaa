package dev.unlearning.api;

/**
 * A spec field this version does not know: the request asks for something it cannot do, so it must not run
 * without it. The message names the field and this version.
 */
public class UnsupportedFieldException extends SpecValidationException {

  /** Reason of the Failed condition and of the Event. */
  public static final String REASON = "UnsupportedField";

  public UnsupportedFieldException(String field, String version) {
    super(field, "not supported by this operator (version " + version + "); the CRD is newer than the operator:"
        + " upgrade the operator and create the request again, or create it without this field");
  }
}
