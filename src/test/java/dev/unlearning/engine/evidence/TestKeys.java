package dev.unlearning.engine.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.engine.DebianPython;
import dev.unlearning.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys as users make them, for the tests: with the openssl command line (Debian's openssl, .ci/run installs it) and,
 * in cosign's encrypted format, with an independent Python implementation (python3-nacl and python3-cryptography).
 */
public final class TestKeys {

  public static final Path SIGSTORE_KEY_SCRIPT = Path.of("src/test/resources/evidence/make_sigstore_key.py");
  /** The independent check of a record: DSSE and in-toto from their specifications, with python3-cryptography. */
  public static final Path PYTHON_CHECK = Path.of("src/test/resources/evidence/verify_dsse.py");

  private TestKeys() {}

  /** The recipe of docs/evidence.md: the record checked with openssl, jq and coreutils only. */
  public static final Path OPENSSL_CHECK = Path.of("src/test/resources/evidence/verify_with_openssl.sh");

  /** Runs the openssl recipe on a record; its exit code (0: verified). Skips (fails under CI=true) without jq. */
  public static int opensslCheck(Path record, Path publicKey, Path model) throws IOException {
    RequiredTool.require(runs("jq", "--version"), "jq (apt-get install -y jq)");
    return exec(List.of("bash", OPENSSL_CHECK.toString(), record.toString(), publicKey.toString(), model.toString()))
        .exit;
  }

  /** Runs the independent Python check on a record; its exit code (0 verified, 1 signature, 2 model, 3 forget set). */
  public static int pythonCheck(Path record, Path publicKey, Path model) throws IOException {
    return exec(List.of(DebianPython.PYTHON.toString(), PYTHON_CHECK.toString(), record.toString(),
        publicKey.toString(), model.toString())).exit;
  }

  /** Skips (fails under CI=true) unless openssl runs. */
  public static void requireOpenssl() {
    RequiredTool.require(runs("openssl", "version"), "openssl (apt-get install -y openssl)");
  }

  private static boolean runs(String... cmd) {
    try {
      return exec(List.of(cmd)).exit == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs {@code openssl args...}; fails the test on a non-zero exit. */
  public static void openssl(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Result r = exec(cmd);
    assertThat(r.exit).as("%s: %s", cmd, r.err).isZero();
  }

  /** A P-256 key as PKCS#8 PEM (openssl genpkey) in {@code dir}/name.pem, its public key in name.pub. */
  public static Path pkcs8(Path dir, String name) throws IOException {
    Path key = dir.resolve(name + ".pem");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    openssl("pkey", "-in", key.toString(), "-pubout", "-out", dir.resolve(name + ".pub").toString());
    return key;
  }

  /** A key in cosign's encrypted format, name.key, with its public key name.pub. */
  public static Path sigstore(Path dir, String name, String password) throws IOException {
    DebianPython.require("python3-nacl python3-cryptography", "nacl", "cryptography");
    Path key = dir.resolve(name + ".key");
    DebianPython.run(SIGSTORE_KEY_SCRIPT, password, key.toString(), dir.resolve(name + ".pub").toString());
    return key;
  }

  private record Result(int exit, String err) {}

  private static Result exec(List<String> cmd) throws IOException {
    Path err = Files.createTempFile("openssl-", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
