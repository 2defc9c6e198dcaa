package dev.unlearning.engine.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * DSSE v1 (secure-systems-lab/dsse, protocol.md and envelope.md 1.0.2): the JSON envelope and the pre-authentication
 * encoding its signatures cover, PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN the byte
 * length in ASCII decimal. Payload and signatures are standard base64 with padding.
 */
public final class Dsse {

  /** The payload type of an in-toto Statement. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  private Dsse() {}

  /** The JSON envelope; {@code signatures} is empty for a record written without a signing key. */
  @JsonPropertyOrder({"payloadType", "payload", "signatures"})
  public record Envelope(String payloadType, String payload, List<Signature> signatures) {

    public byte[] body() {
      return decode(payload);
    }
  }

  /** One signature: the key id (a hint, not authenticated) and the base64 DER signature over the PAE. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Signature(String keyid, String sig) {}

  public static byte[] pae(String payloadType, byte[] body) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** The envelope of {@code body}, signed when {@code key} is given. */
  public static Envelope envelope(byte[] body, SigningKey key) {
    String payload = Base64.getEncoder().encodeToString(body);
    if (key == null) {
      return new Envelope(IN_TOTO, payload, List.of());
    }
    String sig = Base64.getEncoder().encodeToString(key.sign(pae(IN_TOTO, body)));
    return new Envelope(IN_TOTO, payload, List.of(new Signature(key.keyId(), sig)));
  }

  /** Base64 as DSSE allows it: standard or URL-safe, padded or not. */
  public static byte[] decode(String base64) {
    String s = base64.strip();
    return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
  }
}
