package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.EvidenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.DebianPython;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.evidence.Dsse;
import dev.unlearning.engine.evidence.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run (`run -f`) writes a signed evidence record that `verify`, an independent Python check (DSSE from the
 * specification, python3-cryptography) and the openssl recipe of docs/evidence.md accept, and all refuse a record or
 * a model changed by one byte; a run
 * without keys writes an unsigned record that says so; a run whose model misses its gate exits 4 and leaves the model
 * beside the output, not at it.
 */
class EvidenceRecordTest {

  private static final Path PYTHON_CHECK = TestKeys.PYTHON_CHECK;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Path data;
  String console;

  @BeforeAll
  static void data() throws Exception {
    TestKeys.requireOpenssl();
    DebianPython.require("python3-cryptography", "cryptography");
    data = dir.resolve("data");
    // 30% of the training labels are noise that only memorising gets right: the pretrained model remembers its forget set.
    new TestData(4, 12, 320, 120, 0.3, 21).writeIdx(data, true);
  }

  @Test
  void aSignedRecordIsAcceptedByVerifyAndByPythonAndAnyChangedByteIsRefused() throws Exception {
    Path key = TestKeys.sigstore(dir, "cosign", "pw");
    Path hmac = dir.resolve("forget.key");
    Files.writeString(hmac, "0123456789abcdef0123456789abcdef-forget");
    Path out = dir.resolve("signed");
    UnlearningRequestSpec spec = spec(out, 1, false);
    spec.setEvidence(new EvidenceSpec());
    spec.getEvidence().setSigningKey(new EvidenceSpec.SigningKey("unlearning-evidence"));
    spec.getEvidence().setForgetKey(new EvidenceSpec.ForgetKey("unlearning-evidence"));
    spec.setAcceptance(new AcceptanceSpec());
    spec.getAcceptance().setMaxRetainDrop(100.0);

    assertThat(run("signed", spec, Map.of("COSIGN_PASSWORD", "pw"), "--signing-key", key.toString(), "--forget-key",
        hmac.toString())).as(console).isZero();
    assertThat(console).contains("record:  " + out.resolve("evidence.intoto.jsonl") + " (signed by key ")
        .doesNotContain("pw\n");
    Path record = out.resolve("evidence.intoto.jsonl");
    Path model = out.resolve("model.params");
    JsonNode envelope = JSON.readTree(record.toFile());
    assertThat(envelope.path("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
    assertThat(Files.readAllLines(record)).hasSize(1);
    JsonNode statement = JSON.readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
    JsonNode predicate = statement.path("predicate");
    assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.at("/subject/0/name").asText()).isEqualTo("model.params");
    assertThat(predicate.at("/request/name").asText()).isEqualTo("signed");
    assertThat(predicate.at("/request/file").asText()).isEqualTo("signed.yaml");
    assertThat(predicate.at("/spec/digest/sha256").asText())
        .isEqualTo(JSON.readTree(out.resolve("result.json").toFile()).at("/owner/specSha256").asText());
    assertThat(predicate.at("/dataset/files").asInt()).isEqualTo(4);
    assertThat(predicate.at("/forget/keyed").asBoolean()).isTrue();
    assertThat(predicate.at("/forget/digest/hmac-sha256").asText()).hasSize(64);
    assertThat(predicate.at("/forget/digest/sha256").isMissingNode()).isTrue();
    assertThat(predicate.at("/acceptance/verdict").asText()).isEqualTo("Accepted");
    assertThat(predicate.at("/signing/signed").asBoolean()).isTrue();
    assertThat(predicate.at("/output/published").asBoolean()).isTrue();
    JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
    assertThat(predicate.at("/spec/method").asText()).isEqualTo(result.at("/method").asText()).isNotEmpty();
    assertThat(predicate.at("/worker/version").asText()).isEqualTo(dev.unlearning.api.BuildVersion.current());
    assertThat(predicate.at("/worker/device").asText()).isEqualTo("cpu()");
    assertThat(java.time.Instant.parse(predicate.at("/startedOn").asText()))
        .isBefore(java.time.Instant.parse(predicate.at("/finishedOn").asText()));
    assertThat(predicate.at("/measurements/unlearned/forget").asDouble())
        .isEqualTo(result.at("/unlearned/forget").asDouble());
    assertThat(predicate.at("/measurements/original/mia").isNumber()).isTrue();
    // The record never carries the forget list or the key.
    assertThat(Files.readString(record)).doesNotContain("0123456789abcdef");
    assertThat(new String(Base64.getDecoder().decode(envelope.path("payload").asText()), StandardCharsets.UTF_8))
        .doesNotContain(Files.readString(out.resolve("forget-indices.txt")).lines().findFirst().orElseThrow() + "\n");

    Path pub = dir.resolve("cosign.pub");
    Path indices = out.resolve("forget-indices.txt");
    assertThat(verify("--evidence", record.toString(), "--model", model.toString(), "--key", pub.toString(),
        "--forget-indices", indices.toString(), "--forget-key", hmac.toString())).as(console).isZero();
    assertThat(console).contains("signature:  ok      ECDSA P-256 signature over the DSSE PAE by key ")
        .contains("model:      ok      model.params sha256 ").contains("forget set: ok      HMAC-SHA-256 (key id ")
        .contains("acceptance: ok      Accepted (1 threshold)").endsWith("verified\n");
    assertThat(DebianPython.run(PYTHON_CHECK, record.toString(), pub.toString(), model.toString(), indices.toString(),
        hmac.toString())).contains("signature: ok").contains("forget set: ok").contains("verdict Accepted");
    assertThat(TestKeys.opensslCheck(record, pub, model)).as("the openssl recipe of docs/evidence.md").isZero();

    // One byte of the record: the payload's JSON (inside the base64) changed.
    Path changed = dir.resolve("changed.jsonl");
    byte[] body = Base64.getDecoder().decode(envelope.path("payload").asText());
    int at = new String(body, StandardCharsets.UTF_8).indexOf("\"Accepted\"") + 1;
    body[at] = 'X';
    Files.writeString(changed, Files.readString(record).replace(envelope.path("payload").asText(),
        Base64.getEncoder().encodeToString(body)));
    assertThat(verify("--evidence", changed.toString(), "--model", model.toString(), "--key", pub.toString()))
        .isEqualTo(5);
    assertThat(console).contains("signature:  FAILED  does not verify with key");
    assertThat(TestKeys.pythonCheck(changed, pub, model)).isEqualTo(1);
    assertThat(TestKeys.opensslCheck(changed, pub, model)).isNotZero();

    // One byte of the model.
    Path otherModel = dir.resolve("model.params");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(otherModel, bytes);
    assertThat(verify("--evidence", record.toString(), "--model", otherModel.toString(), "--key", pub.toString()))
        .isEqualTo(6);
    assertThat(console).contains("model:      FAILED  model.params sha256 ").contains("is not the record's subject");
    assertThat(TestKeys.pythonCheck(record, pub, otherModel)).isEqualTo(2);
    assertThat(TestKeys.opensslCheck(record, pub, otherModel)).isNotZero();

    // Another key, a signed record without a key, a forget list changed.
    TestKeys.pkcs8(dir, "other");
    assertThat(verify("--evidence", record.toString(), "--key", dir.resolve("other.pub").toString())).isEqualTo(5);
    assertThat(verify("--evidence", record.toString())).isEqualTo(2);
    assertThat(console).contains("error: --key: the record is signed by key ");
    Path fewer = dir.resolve("fewer.txt");
    Files.writeString(fewer, Files.readString(indices).lines().skip(1).map(l -> l + "\n")
        .reduce("", String::concat));
    assertThat(verify("--evidence", record.toString(), "--key", pub.toString(), "--forget-indices", fewer.toString(),
        "--forget-key", hmac.toString())).isEqualTo(8);
  }

  @Test
  void withoutKeysTheRecordIsUnsignedAndUnkeyedAndSaysSo() throws Exception {
    Path out = dir.resolve("unsigned");
    assertThat(run("unsigned", spec(out, 1, false), Map.of())).as(console).isZero();
    assertThat(console).contains("(unsigned)");
    Path record = out.resolve("evidence.intoto.jsonl");
    JsonNode envelope = JSON.readTree(record.toFile());
    assertThat(envelope.path("signatures").isEmpty()).isTrue();
    JsonNode predicate = JSON.readTree(Dsse.decode(envelope.path("payload").asText())).path("predicate");
    assertThat(predicate.at("/signing/note").asText()).startsWith("written without spec.evidence.signingKey: unsigned");
    assertThat(predicate.at("/forget/keyed").asBoolean()).isFalse();
    assertThat(predicate.at("/forget/digest/sha256").asText())
        .isEqualTo(JSON.readTree(out.resolve("result.json").toFile()).at("/forget/indicesSha256").asText());
    assertThat(predicate.at("/forget/note").asText()).startsWith("unkeyed");
    assertThat(predicate.at("/acceptance/verdict").asText()).isEqualTo("NotGated");
    assertThat(predicate.at("/model/architecture").asText()).isEqualTo("small-cnn");
    assertThat(verify("--evidence", record.toString(), "--model", out.resolve("model.params").toString()))
        .isEqualTo(7);
    assertThat(console).contains("signature:  FAILED  the record is unsigned").contains("model:      ok");
  }

  @Test
  void aModelThatMissesItsGateExits4AndIsKeptBesideTheOutputWithItsRecord() throws Exception {
    Path out = dir.resolve("gated");
    UnlearningRequestSpec spec = spec(out, 2, true);
    // Barely any unlearning (no noise, a tiny learning rate): the memorised forget set stays remembered.
    spec.setNoiseStd(0.0);
    spec.setLearningRate(1e-6);
    spec.setAcceptance(new AcceptanceSpec());
    spec.getAcceptance().setMaxForgetAboveTest(1.0);
    spec.getAcceptance().setMaxRetainDrop(50.0);

    assertThat(run("gated", spec, Map.of())).as(console).isEqualTo(4);
    Path kept = dir.resolve("gated.rejected");
    assertThat(console).contains("error: spec.acceptance: the unlearned model missed 1 of 2 thresholds: forget accuracy ")
        .contains("points above test accuracy").contains("(at most 1.00); it is not published at " + out
            + ": it is kept with its evidence record at " + kept);
    assertThat(out.resolve("model.params")).doesNotExist();
    assertThat(out.resolve("result.json")).doesNotExist();
    assertThat(kept.resolve("model.params")).exists();
    JsonNode result = JSON.readTree(kept.resolve("result.json").toFile());
    assertThat(result.at("/acceptance/verdict").asText()).isEqualTo("Rejected");
    assertThat(result.at("/acceptance/checks/0/measured").asDouble()).as("forget above test, points").isGreaterThan(5);
    assertThat(result.at("/evidence/uri").asText()).isEqualTo(kept.resolve("evidence.intoto.jsonl").toString());
    JsonNode predicate = JSON.readTree(Dsse.decode(JSON.readTree(kept.resolve("evidence.intoto.jsonl").toFile())
        .path("payload").asText())).path("predicate");
    assertThat(predicate.at("/output/published").asBoolean()).isFalse();
    assertThat(predicate.at("/acceptance/checks/0/threshold").asText()).isEqualTo("maxForgetAboveTest");
    assertThat(predicate.at("/acceptance/checks/0/met").asBoolean()).isFalse();
    assertThat(predicate.at("/acceptance/checks/1/met").asBoolean()).isTrue();
    assertThat(verify("--evidence", kept.resolve("evidence.intoto.jsonl").toString(), "--model",
        kept.resolve("model.params").toString())).isEqualTo(7);
    assertThat(console).contains("acceptance: ok      Rejected (2 thresholds)");
  }

  /** Unlearning an earlier run's output again: the new record names the old one, and whether its subject is the input. */
  @Test
  void aRunOnAnEarlierRunsOutputRecordsThatRunsRecord() throws Exception {
    Path three = dir.resolve("three-classes");
    new TestData(3, 12, 120, 30, 0.0, 5).writeIdx(three, false);
    UnlearningRequestSpec first = TestData.spec(three, dir.resolve("first"), 3);
    first.getModel().setArchitecture(null);
    first.getModel().setUri(TestData.TINY_CNN.toAbsolutePath().toString());
    assertThat(run("first", first, Map.of())).as(console).isZero();
    Path firstRecord = dir.resolve("first/evidence.intoto.jsonl");
    UnlearningRequestSpec second = TestData.spec(three, dir.resolve("second"), 3);
    second.getModel().setArchitecture(null);
    second.getModel().setUri(dir.resolve("first/model.pt").toString());
    assertThat(run("second", second, Map.of())).as(console).isZero();

    JsonNode model = JSON.readTree(Dsse.decode(JSON.readTree(dir.resolve("second/evidence.intoto.jsonl").toFile())
        .path("payload").asText())).path("predicate").path("model");
    assertThat(model.at("/digest/sha256").asText()).isEqualTo(dev.unlearning.engine.evidence.Digests.sha256Hex(
        dir.resolve("first/model.pt")));
    assertThat(model.at("/parentEvidence/uri").asText()).isEqualTo(firstRecord.toString());
    assertThat(model.at("/parentEvidence/digest/sha256").asText())
        .isEqualTo(dev.unlearning.engine.evidence.Digests.sha256Hex(firstRecord));
    assertThat(model.at("/parentEvidence/subjectMatches").asBoolean()).isTrue();
    JsonNode original = JSON.readTree(Dsse.decode(JSON.readTree(firstRecord.toFile()).path("payload").asText()))
        .path("predicate").path("model");
    assertThat(original.path("parentEvidence").isMissingNode()).as("a model with no record beside it").isTrue();
  }

  @Test
  void aSpecThatNamesKeysALocalRunWasNotGivenFailsBeforeLoading() throws Exception {
    UnlearningRequestSpec spec = spec(dir.resolve("nokey"), 1, false);
    spec.setEvidence(new EvidenceSpec());
    spec.getEvidence().setSigningKey(new EvidenceSpec.SigningKey("unlearning-evidence"));
    assertThat(run("nokey", spec, Map.of())).isEqualTo(2);
    assertThat(console).contains("error: spec.evidence.signingKey: names Secret unlearning-evidence, which a local run"
        + " does not read; pass the key with --signing-key FILE").doesNotContain("Unlearning request");
    Path encrypted = TestKeys.sigstore(dir, "locked", "right");
    String secretLine = Files.readAllLines(encrypted).get(1);
    assertThat(run("nokey", spec, Map.of("COSIGN_PASSWORD", "wrong"), "--signing-key", encrypted.toString()))
        .isEqualTo(2);
    assertThat(console).contains("error: --signing-key " + encrypted + ": not a usable signing key: its password is"
        + " wrong").doesNotContain(secretLine).doesNotContain("Unlearning request");
    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, "too short");
    assertThat(run("nokey", spec(dir.resolve("nokey"), 1, false), Map.of(), "--forget-key", shortKey.toString()))
        .isEqualTo(2);
    assertThat(console).contains("--forget-key " + shortKey + ": the forget set's HMAC key has 9 bytes; it needs at"
        + " least 32");
  }

  /** {@code memorise}: 30 epochs of pretraining, enough to remember the forget set's noisy labels; else 2. */
  private static UnlearningRequestSpec spec(Path out, int fineTuneEpochs, boolean memorise) {
    UnlearningRequestSpec spec = TestData.spec(data, out, 4);
    spec.getModel().setPretrainEpochs(memorise ? 30 : 2);
    spec.setEpochs(fineTuneEpochs);
    spec.setClassWeights(List.of(1.0, 0.5, 0.5, 0.5));
    return spec;
  }

  private int run(String name, UnlearningRequestSpec spec, Map<String, String> env, String... options)
      throws Exception {
    RequestFileRun.Result r = RequestFileRun.run(dir, name, spec, env, options);
    console = r.console();
    return r.code();
  }

  private int verify(String... args) {
    VerifyRun run = VerifyRun.of(args);
    console = run.console();
    return run.code();
  }
}
