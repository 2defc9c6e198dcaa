package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.evidence.Digests;
import dev.unlearning.engine.evidence.Dsse;
import dev.unlearning.engine.evidence.ErasureStatement;
import dev.unlearning.engine.evidence.SigningKey;
import dev.unlearning.engine.evidence.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way `verify` refuses, with its exit code and the line that says why: invalid input (2) for files that are no
 * record or key and for checks it cannot make, and the gravest failed check otherwise. The records are made here
 * (no training): a statement whose subject is a model file and whose forget digest is keyed.
 */
class VerifyCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HMAC_KEY = "verify-command-test-forget-key-0123456789";

  @TempDir
  static Path dir;
  static Path model;
  static Path indices;
  static Path forgetKey;
  static Path record;
  static Path pub;
  static SigningKey signer;
  String console;

  @BeforeAll
  static void record() throws Exception {
    TestKeys.requireOpenssl();
    Path key = TestKeys.pkcs8(dir, "signer");
    pub = dir.resolve("signer.pub");
    signer = SigningKey.read(Files.readAllBytes(key), Optional.empty(), "test key");
    model = Files.write(dir.resolve("model.pt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    indices = Files.writeString(dir.resolve("forget-indices.txt"), "3\n17\n42\n");
    forgetKey = Files.writeString(dir.resolve("forget.key"), HMAC_KEY);
    String hmac = dev.unlearning.engine.evidence.ForgetKey.of(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "k")
        .hmacHex(Files.readAllBytes(indices));
    record = write("record.jsonl", statement(ErasureStatement.PREDICATE_TYPE, Digests.sha256Hex(model), hmac), signer);
  }

  @Test
  void filesThatAreNoRecordOrKeyAreInvalidInputNamingTheOption() throws Exception {
    assertThat(verify("--evidence", dir.resolve("absent.jsonl").toString())).isEqualTo(2);
    assertThat(console).isEqualTo("error: --evidence: cannot read " + dir.resolve("absent.jsonl")
        + " (NoSuchFileException)\n");
    assertThat(verify("--evidence", Files.writeString(dir.resolve("text.jsonl"), "not json {").toString()))
        .isEqualTo(2);
    assertThat(console).isEqualTo("error: --evidence: not a DSSE envelope: its JSON does not parse\n");
    assertThat(verify("--evidence", Files.writeString(dir.resolve("other.json"), "{\"payload\":\"e30=\"}").toString()))
        .isEqualTo(2);
    assertThat(console).isEqualTo("error: --evidence: not a DSSE envelope (payloadType, payload, signatures)\n");
    // Validly signed, but another predicate: not an erasure record.
    Path foreign = write("foreign.jsonl", statement("https://slsa.dev/provenance/v1", "00", "00"), signer);
    assertThat(verify("--evidence", foreign.toString(), "--key", pub.toString())).isEqualTo(2);
    assertThat(console).isEqualTo("error: --evidence: the payload is not an in-toto Statement v1 of predicate type "
        + ErasureStatement.PREDICATE_TYPE + "\n");

    Path privateKey = dir.resolve("signer.pem");
    assertThat(verify("--evidence", record.toString(), "--key", privateKey.toString())).isEqualTo(2);
    assertThat(console).isEqualTo("error: --key " + privateKey + ": not a usable public key: it is a private key; pass"
        + " the public key (cosign.pub, or openssl pkey -pubout)\n");
    assertThat(Files.readString(privateKey).lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(line -> assertThat(console).doesNotContain(line));
    assertThat(verify("--evidence", record.toString(), "--key", indices.toString())).isEqualTo(2);
    assertThat(console).isEqualTo("error: --key " + indices + ": not a usable public key: it holds no PEM PUBLIC KEY\n");
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--model",
        dir.resolve("absent.pt").toString())).isEqualTo(2);
    assertThat(console).startsWith("error: --model: cannot read " + dir.resolve("absent.pt"));
  }

  @Test
  void aKeyedForgetDigestNeedsItsKeyOfAtLeast32Bytes() throws Exception {
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--forget-indices",
        indices.toString())).isEqualTo(2);
    assertThat(console).startsWith("error: --forget-key: the record's forget digest is keyed (HMAC-SHA-256, key id ")
        .contains("pass the key to check forget-indices.txt against it");
    Path shortKey = Files.writeString(dir.resolve("short.key"), "short");
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--forget-indices", indices.toString(),
        "--forget-key", shortKey.toString())).isEqualTo(2);
    assertThat(console).isEqualTo("error: --forget-key " + shortKey + ": the forget set's HMAC key has 5 bytes; it"
        + " needs at least 32 (e.g. openssl rand -hex 32)\n");

    Path otherKey = Files.writeString(dir.resolve("other.key"), "x".repeat(32));
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--forget-indices", indices.toString(),
        "--forget-key", otherKey.toString())).isEqualTo(8);
    assertThat(console).contains("forget set: FAILED  HMAC-SHA-256 (key id ").contains("(the record names key id ")
        .endsWith("not verified (exit code 8)\n");
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--model", model.toString(),
        "--forget-indices", indices.toString(), "--forget-key", forgetKey.toString())).isZero();
  }

  @Test
  void theGravestFailedCheckGivesTheExitCodeAndEveryCheckIsReported() throws Exception {
    Path otherModel = Files.write(dir.resolve("other.pt"), new byte[] {1, 2, 3, 4, 5, 6, 7, 9});
    Path fewer = Files.writeString(dir.resolve("fewer.txt"), "3\n17\n");
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--model", otherModel.toString(),
        "--forget-indices", fewer.toString(), "--forget-key", forgetKey.toString())).isEqualTo(6);
    assertThat(console).contains("model:      FAILED  other.pt sha256 " + Digests.sha256Hex(otherModel)
        + " is not the record's subject model.pt sha256 " + Digests.sha256Hex(model))
        .contains("forget set: FAILED  HMAC-SHA-256").endsWith("not verified (exit code 6)\n");

    // A changed signature byte, and a payload that is no longer base64: signature invalid, nothing else trusted.
    var envelope = JSON.readTree(record.toFile());
    byte[] sig = Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());
    sig[sig.length - 1] ^= 1;
    Path badSig = Files.writeString(dir.resolve("bad-sig.jsonl"), Files.readString(record).replace(
        envelope.at("/signatures/0/sig").asText(), Base64.getEncoder().encodeToString(sig)));
    assertThat(verify("--evidence", badSig.toString(), "--key", pub.toString(), "--model", model.toString()))
        .isEqualTo(5);
    assertThat(console).contains("signature:  FAILED  does not verify with key " + signer.keyId())
        .doesNotContain("model:");
    Path notBase64 = Files.writeString(dir.resolve("not-base64.jsonl"), Files.readString(record).replace(
        envelope.path("payload").asText(), "*" + envelope.path("payload").asText()));
    assertThat(verify("--evidence", notBase64.toString(), "--key", pub.toString())).isEqualTo(5);
    assertThat(console).contains("signature:  FAILED  the payload is not base64: the record was changed");

    // Unsigned: the model is still compared, and a mismatch is graver than the missing signature.
    Path unsigned = write("unsigned.jsonl", statement(ErasureStatement.PREDICATE_TYPE, Digests.sha256Hex(model), "00"),
        null);
    assertThat(verify("--evidence", unsigned.toString(), "--key", pub.toString(), "--model", model.toString()))
        .isEqualTo(7);
    assertThat(verify("--evidence", unsigned.toString(), "--model", otherModel.toString())).isEqualTo(6);
    assertThat(console).contains("signature:  FAILED  the record is unsigned").contains("model:      FAILED");
  }

  private static String statement(String predicateType, String modelSha256, String hmac) {
    return "{\"_type\":\"" + ErasureStatement.TYPE + "\",\"subject\":[{\"name\":\"model.pt\",\"digest\":{\"sha256\":\""
        + modelSha256 + "\"}}],\"predicateType\":\"" + predicateType + "\",\"predicate\":{\"forget\":{\"size\":3,"
        + "\"keyed\":true,\"keyId\":\"0011223344556677\",\"digest\":{\"hmac-sha256\":\"" + hmac + "\"}},"
        + "\"acceptance\":{\"verdict\":\"NotGated\"}}}";
  }

  private static Path write(String name, String statement, SigningKey key) throws Exception {
    Dsse.Envelope envelope = Dsse.envelope(statement.getBytes(StandardCharsets.UTF_8), key);
    return Files.writeString(dir.resolve(name), JSON.writeValueAsString(envelope) + "\n");
  }

  private int verify(String... args) {
    VerifyRun run = VerifyRun.of(args);
    console = run.console();
    return run.code();
  }
}
