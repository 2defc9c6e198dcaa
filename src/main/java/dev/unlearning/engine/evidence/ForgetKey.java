package dev.unlearning.engine.evidence;

import dev.unlearning.engine.InvalidInputException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA-256 key of the forget set's digest: its bytes exactly as stored (no newline stripped), at least 32 (the
 * hash's size, RFC 2104). Its id is the first 16 hex digits of HMAC(key, {@value #ID_MESSAGE}): it tells keys apart
 * and reveals nothing. Its toString shows only the id.
 */
public final class ForgetKey {

  public static final int MIN_BYTES = 32;
  static final String ID_MESSAGE = "unlearning.dev/forget-key-id";

  private final byte[] key;

  private ForgetKey(byte[] key) {
    this.key = key.clone();
  }

  /** @throws InvalidInputException (exit code 2) naming {@code source} when the key is too short */
  public static ForgetKey of(byte[] key, String source) {
    if (key.length < MIN_BYTES) {
      throw new InvalidInputException(source + ": the forget set's HMAC key has " + key.length + " bytes; it needs at"
          + " least " + MIN_BYTES + " (e.g. openssl rand -hex 32)");
    }
    return new ForgetKey(key);
  }

  /** HMAC-SHA-256 of {@code data}, hex. */
  public String hmacHex(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Digests.hex(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 failed", e);
    }
  }

  public String id() {
    return hmacHex(ID_MESSAGE.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).substring(0, 16);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForgetKey other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "ForgetKey[" + id() + "]";
  }
}
