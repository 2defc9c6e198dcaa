package dev.unlearning.engine.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DSSE as its specification defines it, and the verifier's reading of envelopes it did not write. */
class DsseTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] STATEMENT = ("{\"_type\":\"" + ErasureStatement.TYPE + "\",\"subject\":[{\"name\":\"m\","
      + "\"digest\":{\"sha256\":\"00\"}}],\"predicateType\":\"" + ErasureStatement.PREDICATE_TYPE + "\",\"predicate\":"
      + "{\"acceptance\":{\"verdict\":\"NotGated\"},\"forget\":{\"size\":1}}}").getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void paeIsTheSpecificationsEncoding() {
    // protocol.md's example: payload type http://example.com/HelloWorld, body "hello world"
    assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    // lengths count bytes, not characters
    assertThat(Dsse.pae("t", "é".getBytes(StandardCharsets.UTF_8))).startsWith("DSSEv1 1 t 2 ".getBytes(
        StandardCharsets.US_ASCII));
  }

  @Test
  void aRawP1363SignatureVerifiesLikeDerAndUrlSafeBase64IsRead() throws Exception {
    KeyPair pair = p256();
    Signature raw = Signature.getInstance("SHA256withECDSAinP1363Format");
    raw.initSign(pair.getPrivate());
    raw.update(Dsse.pae(Dsse.IN_TOTO, STATEMENT));
    byte[] sig = raw.sign();
    assertThat(sig).hasSize(64);
    String envelope = JSON.writeValueAsString(new Dsse.Envelope(Dsse.IN_TOTO,
        Base64.getUrlEncoder().withoutPadding().encodeToString(STATEMENT),
        List.of(new Dsse.Signature("", Base64.getEncoder().encodeToString(sig)))));
    RecordVerifier.Report report = RecordVerifier.verify(envelope.getBytes(StandardCharsets.UTF_8), pair.getPublic(),
        null, null, null);
    assertThat(report.exitCode()).isZero();
    assertThat(report.lines().get(0).detail()).startsWith("ECDSA P-256 signature over the DSSE PAE by key ");
  }

  @Test
  void aSignatureUnderAnotherPayloadTypeIsRefused() throws Exception {
    TestKeys.requireOpenssl();
    SigningKey key = SigningKey.read(Files.readAllBytes(TestKeys.pkcs8(dir, "k")), Optional.empty(), "k");
    Dsse.Envelope signed = Dsse.envelope(STATEMENT, key);
    // The type is inside the signed bytes: relabelling the payload breaks the signature.
    String relabelled = JSON.writeValueAsString(new Dsse.Envelope("application/json", signed.payload(),
        signed.signatures()));
    assertThat(RecordVerifier.verify(relabelled.getBytes(StandardCharsets.UTF_8), key.publicKey(), null, null, null)
        .outcome()).isEqualTo(RecordVerifier.Outcome.SIGNATURE_INVALID);
    assertThatThrownBy(() -> RecordVerifier.verify("{\"payload\":1}".getBytes(StandardCharsets.UTF_8), null, null,
        null, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a DSSE envelope");
    assertThatThrownBy(() -> RecordVerifier.publicKey(Files.readAllBytes(dir.resolve("k.pem")), "--key k.pem"))
        .hasMessage("--key k.pem: not a usable public key: it is a private key; pass the public key (cosign.pub, or"
            + " openssl pkey -pubout)");
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
