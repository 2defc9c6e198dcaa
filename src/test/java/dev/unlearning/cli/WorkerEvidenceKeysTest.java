package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.EvidenceSpec;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.evidence.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The worker's evidence keys as the pod gets them (variables the kubelet fills from spec.evidence's Secrets): a key
 * that is missing, unreadable, wrongly encrypted or too short fails the run before it loads anything, with exit code 2
 * and a message that names the field and the Secret; neither the message, the log nor the progress output quotes the
 * key or its password.
 */
class WorkerEvidenceKeysTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct-horse-battery";

  @TempDir
  Path dir;
  private UnlearningRequestSpec spec;
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final List<String> log = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      log.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void spec() throws Exception {
    // No data: the keys are read before anything is loaded.
    spec = TestData.spec(dir.resolve("no-data"), dir.resolve("out"), 3);
    spec.setEvidence(new EvidenceSpec());
    spec.getEvidence().setSigningKey(new EvidenceSpec.SigningKey("unlearning-evidence"));
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void removeCapture() {
    Logger.getLogger("").removeHandler(capture);
  }

  @Test
  void aSigningKeyTheSpecNamesButThePodLacksFailsNamingTheField() throws Exception {
    assertThat(runWorker()).isEqualTo(2);
    assertThat(termination().getMessage()).isEqualTo("spec.evidence.signingKey: the worker got no key in $"
        + WorkerContract.ENV_SIGNING_KEY + " (the operator sets it from the Secret; an operator older than this worker"
        + " does not)");
    assertThat(log).anySatisfy(l -> assertThat(l).contains("spec.evidence.signingKey: the worker got no key"));
  }

  @Test
  void anUnusableSigningKeyFailsWithoutQuotingItOrItsPassword() throws Exception {
    TestKeys.requireOpenssl();
    Path plain = TestKeys.pkcs8(dir, "signer");
    Path encrypted = dir.resolve("encrypted.pem");
    TestKeys.openssl("pkcs8", "-topk8", "-in", plain.toString(), "-out", encrypted.toString(), "-passout",
        "pass:" + PASSWORD);
    String pem = Files.readString(encrypted);
    env.put(WorkerContract.ENV_SIGNING_KEY, pem);
    env.put(WorkerContract.ENV_SIGNING_KEY_PASSWORD, "not-" + PASSWORD);

    assertThat(runWorker()).isEqualTo(2);
    String message = termination().getMessage();
    assertThat(message).isEqualTo("spec.evidence.signingKey (Secret unlearning-evidence, key cosign.key): not a usable"
        + " signing key: its password is wrong or its encryption is not supported");
    assertNothingQuotes(pem, PASSWORD);

    env.put(WorkerContract.ENV_SIGNING_KEY, Files.readString(dir.resolve("signer.pub")));
    assertThat(runWorker()).isEqualTo(2);
    assertThat(termination().getMessage()).endsWith("not a usable signing key: it is a public key; the worker needs"
        + " the private key");
    assertThat(dir.resolve("out/evidence.intoto.jsonl")).doesNotExist();
  }

  @Test
  void aShortOrMissingForgetKeyFailsNamingItsSecret() throws Exception {
    spec.getEvidence().setSigningKey(null);
    EvidenceSpec.ForgetKey forget = new EvidenceSpec.ForgetKey("unlearning-forget-key");
    spec.getEvidence().setForgetKey(forget);
    assertThat(runWorker()).isEqualTo(2);
    assertThat(termination().getMessage()).startsWith("spec.evidence.forgetKey: the worker got no key in $"
        + WorkerContract.ENV_FORGET_KEY);

    String shortKey = "0123456789abcdef-too-short";
    env.put(WorkerContract.ENV_FORGET_KEY, shortKey);
    assertThat(runWorker()).isEqualTo(2);
    assertThat(termination().getMessage()).isEqualTo("spec.evidence.forgetKey (Secret unlearning-forget-key, key"
        + " forget-digest.key): the forget set's HMAC key has 26 bytes; it needs at least 32 (e.g. openssl rand -hex"
        + " 32)");
    assertNothingQuotes(shortKey);
  }

  private void assertNothingQuotes(String... secrets) throws Exception {
    String written = Files.readString(dir.resolve("termination-log")) + progress.toString(StandardCharsets.UTF_8)
        + String.join("\n", log);
    assertThat(log).as("the failure is logged").isNotEmpty();
    for (String secret : secrets) {
      for (String line : secret.lines().filter(l -> !l.startsWith("-----")).toList()) {
        assertThat(written).doesNotContain(line);
      }
    }
  }

  private TerminationMessage termination() throws Exception {
    TerminationMessage m = JSON.readValue(Files.readString(dir.resolve("termination-log")), TerminationMessage.class);
    assertThat(m.getOutcome()).isEqualTo("Failed");
    assertThat(m.getReason()).isEqualTo("InvalidInput");
    return m;
  }

  private int runWorker() throws Exception {
    WorkerCommand worker = new WorkerCommand();
    worker.progressOut = new PrintStream(progress, true, StandardCharsets.UTF_8);
    Map<String, String> all = new HashMap<>(env);
    all.put(WorkerContract.ENV_REQUEST, JSON.writeValueAsString(spec));
    all.put(WorkerContract.ENV_REQUEST_NAME, "ml/keys");
    all.put(dev.unlearning.api.BuildVersion.ENV_OPERATOR_VERSION, dev.unlearning.api.BuildVersion.current());
    worker.env = all::get;
    return new CommandLine(worker).execute("--termination-message-path", dir.resolve("termination-log").toString(),
        "--pvc-root", dir.toString(), "--scratch-dir", Files.createDirectories(dir.resolve("scratch")).toString());
  }
}
