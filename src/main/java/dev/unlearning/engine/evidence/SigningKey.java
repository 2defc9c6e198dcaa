package dev.unlearning.engine.evidence;

import dev.unlearning.engine.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;

/**
 * The ECDSA P-256 key that signs the evidence record. Signatures are SHA256withECDSA in ASN.1 DER, as sigstore and
 * cosign write them and python-cryptography verifies them. Its toString names only the key id.
 */
public final class SigningKey {

  private final KeyPair pair;
  private final String keyId;

  private SigningKey(KeyPair pair) {
    this.pair = pair;
    this.keyId = keyId(pair.getPublic());
  }

  /**
   * Reads a PEM private key; {@code source} names where it came from for the error (a field, a Secret, a file).
   *
   * @throws InvalidInputException (exit code 2) saying what is wrong with it, never quoting it
   */
  public static SigningKey read(byte[] pem, Optional<char[]> password, String source) {
    try {
      return new SigningKey(PemKeys.readPrivate(pem, password));
    } catch (KeyFormatException e) {
      // A password file or Secret value often ends with a newline that is not part of the password.
      if (password.isPresent() && endsWithNewline(password.get())) {
        return read(pem, Optional.of(new String(password.get()).stripTrailing().toCharArray()), source);
      }
      throw new InvalidInputException(source + ": not a usable signing key: " + e.getMessage());
    }
  }

  /** The envelope's keyid: SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo. */
  public static String keyId(PublicKey key) {
    return Digests.sha256Hex(key.getEncoded());
  }

  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return pair.getPublic();
  }

  /** The DER signature of {@code data}. */
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(pair.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }

  private static boolean endsWithNewline(char[] chars) {
    return chars.length > 0 && (chars[chars.length - 1] == '\n' || chars[chars.length - 1] == '\r');
  }
}
