package dev.unlearning.engine.evidence;

/** A key file that cannot be read as a key; the message says why without showing any of its content. */
public class KeyFormatException extends RuntimeException {

  public KeyFormatException(String message) {
    super(message);
  }
}
