package dev.unlearning.engine.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an evidence record as an auditor would: the DSSE signature over the PAE with the signer's public key, the
 * model file against the statement's subject, and forget-indices.txt against the forget digest. Each check is one
 * line; the exit code is that of the gravest failure: 5 signature invalid, 6 model does not match, 8 forget set does
 * not match, 7 unsigned, else 0. A file that is no record at all is invalid input (exit code 2).
 */
public final class RecordVerifier {

  /** The outcomes and their exit codes, gravest first. */
  public enum Outcome {
    SIGNATURE_INVALID(5), MODEL_MISMATCH(6), FORGET_MISMATCH(8), UNSIGNED(7), VERIFIED(0);

    private final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One check: what, whether it passed, and what was found. */
  public record Line(String check, boolean ok, String detail) {}

  /** The lines and the gravest outcome. */
  public record Report(List<Line> lines, Outcome outcome) {

    public int exitCode() {
      return outcome.exitCode();
    }
  }

  private final List<Line> lines = new ArrayList<>();
  private final List<Outcome> failures = new ArrayList<>();

  private RecordVerifier() {}

  /**
   * @param key the signer's public key, null to check an unsigned record
   * @param model the model file, null to leave it unchecked
   * @param forgetIndices forget-indices.txt's content, null to leave it unchecked; a keyed digest needs {@code forgetKey}
   */
  public static Report verify(byte[] record, PublicKey key, Path model, byte[] forgetIndices, ForgetKey forgetKey) {
    RecordVerifier v = new RecordVerifier();
    JsonNode envelope = v.envelope(record);
    byte[] body = v.signature(envelope, key);
    if (body != null) {
      JsonNode statement = statement(body);
      v.model(statement, model);
      v.forget(statement.path("predicate").path("forget"), forgetIndices, forgetKey);
      JsonNode acceptance = statement.path("predicate").path("acceptance");
      v.lines.add(new Line("acceptance", true, acceptance.path("verdict").asText("(none)")
          + (acceptance.path("checks").size() > 0 ? " (" + acceptance.path("checks").size() + " threshold"
              + (acceptance.path("checks").size() == 1 ? ")" : "s)") : "")));
    }
    Outcome gravest = v.failures.stream().min(java.util.Comparator.naturalOrder()).orElse(Outcome.VERIFIED);
    return new Report(List.copyOf(v.lines), gravest);
  }

  private JsonNode envelope(byte[] record) {
    try {
      JsonNode e = JSON.readTree(record);
      if (e == null || !e.path("payload").isTextual() || !e.path("signatures").isArray()) {
        throw new InvalidInputException("--evidence: not a DSSE envelope (payloadType, payload, signatures)");
      }
      return e;
    } catch (IOException ex) {
      throw new InvalidInputException("--evidence: not a DSSE envelope: its JSON does not parse");
    }
  }

  /** Checks the signature; returns the payload when it can be trusted as far as the key allows, else null. */
  private byte[] signature(JsonNode envelope, PublicKey key) {
    String type = envelope.path("payloadType").asText();
    byte[] body;
    try {
      body = Dsse.decode(envelope.path("payload").asText());
    } catch (IllegalArgumentException e) {
      fail("signature", Outcome.SIGNATURE_INVALID, "the payload is not base64: the record was changed");
      return null;
    }
    JsonNode signatures = envelope.path("signatures");
    if (signatures.isEmpty()) {
      fail("signature", Outcome.UNSIGNED, "the record is unsigned (written without spec.evidence.signingKey):"
          + " nothing proves who wrote it");
      return body;
    }
    if (key == null) {
      throw new InvalidInputException("--key: the record is signed by key " + signatures.path(0).path("keyid").asText()
          + "; pass its public key (cosign.pub, or openssl pkey -pubout) to check the signature");
    }
    String keyId = SigningKey.keyId(key);
    for (JsonNode s : signatures) {
      if (valid(key, Dsse.pae(type, body), s.path("sig").asText())) {
        lines.add(new Line("signature", true, "ECDSA P-256 signature over the DSSE PAE by key " + keyId));
        return body;
      }
    }
    String by = signatures.path(0).path("keyid").asText();
    String named = by.isEmpty() || by.equals(keyId) ? "" : " (the record names key " + by + ")";
    fail("signature", Outcome.SIGNATURE_INVALID, "does not verify with key " + keyId + named
        + ": the record was changed or signed with another key");
    return null;
  }

  private void model(JsonNode statement, Path model) {
    JsonNode subject = statement.path("subject").path(0);
    String expected = subject.path("digest").path("sha256").asText();
    if (model == null) {
      lines.add(new Line("model", true, "not checked (pass --model); the record's subject is "
          + subject.path("name").asText() + " sha256 " + expected));
      return;
    }
    String actual = Digests.sha256Hex(model);
    if (actual.equals(expected)) {
      lines.add(new Line("model", true, model.getFileName() + " sha256 " + actual + " is the record's subject"));
    } else {
      fail("model", Outcome.MODEL_MISMATCH, model.getFileName() + " sha256 " + actual + " is not the record's subject "
          + subject.path("name").asText() + " sha256 " + expected);
    }
  }

  private void forget(JsonNode forget, byte[] indices, ForgetKey key) {
    if (indices == null) {
      lines.add(new Line("forget set", true, "not checked (pass --forget-indices" + (forget.path("keyed").asBoolean()
          ? " and --forget-key" : "") + "); " + forget.path("size").asInt() + " samples"));
      return;
    }
    boolean keyed = forget.path("keyed").asBoolean();
    if (keyed && key == null) {
      throw new InvalidInputException("--forget-key: the record's forget digest is keyed (HMAC-SHA-256, key id "
          + forget.path("keyId").asText() + "); pass the key to check forget-indices.txt against it");
    }
    String expected = forget.path("digest").path(keyed ? "hmac-sha256" : "sha256").asText();
    String actual = keyed ? key.hmacHex(indices) : Digests.sha256Hex(indices);
    String how = keyed ? "HMAC-SHA-256 (key id " + key.id() + ")" : "SHA-256 (unkeyed)";
    if (actual.equals(expected)) {
      lines.add(new Line("forget set", true, how + " of forget-indices.txt matches the record"));
    } else {
      fail("forget set", Outcome.FORGET_MISMATCH, how + " of forget-indices.txt does not match the record's"
          + (keyed && !key.id().equals(forget.path("keyId").asText()) ? " (the record names key id "
              + forget.path("keyId").asText() + ")" : ""));
    }
  }

  private static JsonNode statement(byte[] body) {
    try {
      JsonNode s = JSON.readTree(body);
      if (!ErasureStatement.TYPE.equals(s.path("_type").asText())
          || !ErasureStatement.PREDICATE_TYPE.equals(s.path("predicateType").asText())) {
        throw new InvalidInputException("--evidence: the payload is not an in-toto Statement v1 of predicate type "
            + ErasureStatement.PREDICATE_TYPE);
      }
      return s;
    } catch (IOException e) {
      throw new InvalidInputException("--evidence: the payload is not JSON");
    }
  }

  private static boolean valid(PublicKey key, byte[] pae, String sig) {
    byte[] bytes;
    try {
      bytes = Dsse.decode(sig);
    } catch (IllegalArgumentException e) {
      return false;
    }
    // DER as sigstore writes it; IEEE P1363 (r || s) as the DSSE specification's own test vector has it.
    for (String algorithm : List.of("SHA256withECDSA", "SHA256withECDSAinP1363Format")) {
      try {
        Signature s = Signature.getInstance(algorithm);
        s.initVerify(key);
        s.update(pae);
        if (s.verify(bytes)) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // not this encoding
      }
    }
    return false;
  }

  private void fail(String check, Outcome code, String detail) {
    lines.add(new Line(check, false, detail));
    failures.add(code);
  }

  /** Reads a PEM public key for --key. */
  public static PublicKey publicKey(byte[] pem, String source) {
    try {
      return PemKeys.readPublic(pem);
    } catch (KeyFormatException e) {
      throw new InvalidInputException(source + ": not a usable public key: " + e.getMessage());
    }
  }
}
