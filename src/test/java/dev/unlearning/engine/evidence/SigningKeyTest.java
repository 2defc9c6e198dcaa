package dev.unlearning.engine.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.engine.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing keys users bring: every PEM form openssl writes for a P-256 key and cosign's encrypted format, each
 * checked by a signature that its public key (written by the same tool) verifies; wrong keys and passwords are
 * refused with a message that names the source and never quotes the key.
 */
class SigningKeyTest {

  private static final byte[] DATA = "DSSEv1 28 application/vnd.in-toto+json 2 {}".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  static Path dir;

  @BeforeAll
  static void openssl() {
    TestKeys.requireOpenssl();
  }

  @Test
  void opensslPkcs8AndSec1KeysSignWhatTheirPublicKeyVerifies() throws Exception {
    Path pkcs8 = TestKeys.pkcs8(dir, "pkcs8");
    Path sec1 = dir.resolve("sec1.pem");
    // ecparam without -noout writes EC PARAMETERS before the EC PRIVATE KEY
    TestKeys.openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", sec1.toString());
    TestKeys.openssl("ec", "-in", sec1.toString(), "-pubout", "-out", dir.resolve("sec1.pub").toString());
    Path encrypted8 = dir.resolve("pkcs8-enc.pem");
    TestKeys.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", pkcs8.toString(), "-passout", "pass:s3cret",
        "-out", encrypted8.toString());
    Path legacy = dir.resolve("sec1-enc.pem");
    TestKeys.openssl("ec", "-in", sec1.toString(), "-aes256", "-passout", "pass:s3cret", "-out", legacy.toString());
    assertThat(Files.readString(sec1)).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
    assertThat(Files.readString(encrypted8)).contains("BEGIN ENCRYPTED PRIVATE KEY");
    assertThat(Files.readString(legacy)).contains("Proc-Type: 4,ENCRYPTED");

    assertSignsFor(read(pkcs8, null), dir.resolve("pkcs8.pub"));
    assertSignsFor(read(sec1, null), dir.resolve("sec1.pub"));
    assertSignsFor(read(encrypted8, "s3cret"), dir.resolve("pkcs8.pub"));
    assertSignsFor(read(legacy, "s3cret\n"), dir.resolve("sec1.pub"));
  }

  @Test
  void cosignsEncryptedKeyIsOpenedWithItsPassword() throws Exception {
    Path key = TestKeys.sigstore(dir, "cosign", "correct horse");
    assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
    SigningKey signer = read(key, "correct horse");
    assertSignsFor(signer, dir.resolve("cosign.pub"));
    // Its id is the SHA-256 of the public key's DER, as `openssl pkey -pubin -outform DER | sha256sum` gives.
    Path der = dir.resolve("cosign.pub.der");
    TestKeys.openssl("pkey", "-pubin", "-in", dir.resolve("cosign.pub").toString(), "-outform", "DER", "-out",
        der.toString());
    assertThat(signer.keyId()).isEqualTo(Digests.sha256Hex(Files.readAllBytes(der))).hasSize(64);
    assertThat(signer.toString()).isEqualTo("SigningKey[" + signer.keyId() + "]");

    assertRefused(key, "wrong horse", "its password is wrong");
    assertRefused(key, null, "it is encrypted (cosign) and its password is missing");
  }

  @Test
  void otherKeysAndBrokenFilesAreRefusedWithoutQuotingThem() throws Exception {
    Path rsa = dir.resolve("rsa.pem");
    TestKeys.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa.toString());
    assertRefused(rsa, null, "it is a RSA key; the record is signed with ECDSA P-256");
    Path p384 = dir.resolve("p384.pem");
    TestKeys.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", p384.toString());
    assertRefused(p384, null, "it is an EC key on another curve");
    Path pkcs8 = TestKeys.pkcs8(dir, "other");
    assertRefused(dir.resolve("other.pub"), null, "it is a public key; the worker needs the private key");
    Path encrypted = dir.resolve("other-enc.pem");
    TestKeys.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", pkcs8.toString(), "-passout", "pass:right",
        "-out", encrypted.toString());
    assertRefused(encrypted, "wrong", "its password is wrong");
    assertRefused(encrypted, null, "it is encrypted and its password is missing");
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n");
    assertRefused(garbage, null, "it cannot be parsed as a PEM private key");
    Files.writeString(garbage, "just text");
    assertRefused(garbage, null, "it holds no PEM private key");
  }

  private static SigningKey read(Path key, String password) throws Exception {
    return SigningKey.read(Files.readAllBytes(key), Optional.ofNullable(password).map(String::toCharArray), "test key");
  }

  private static void assertRefused(Path key, String password, String why) throws Exception {
    String pem = Files.readString(key);
    assertThatThrownBy(() -> read(key, password)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("test key: not a usable signing key: " + why)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.lines().skip(1).findFirst().orElse("?")));
  }

  /** The signature verifies under the public key the tool wrote, and not over other data. */
  private static void assertSignsFor(SigningKey key, Path publicPem) throws Exception {
    var pub = PemKeys.readPublic(Files.readAllBytes(publicPem));
    assertThat(SigningKey.keyId(pub)).isEqualTo(key.keyId());
    java.security.Signature verify = java.security.Signature.getInstance("SHA256withECDSA");
    verify.initVerify(pub);
    verify.update(DATA);
    assertThat(verify.verify(key.sign(DATA))).isTrue();
    verify.initVerify(pub);
    verify.update("other".getBytes(StandardCharsets.US_ASCII));
    assertThat(verify.verify(key.sign(DATA))).isFalse();
  }
}
