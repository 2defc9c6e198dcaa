package dev.unlearning.engine.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The encrypted private key that {@code cosign generate-key-pair} writes (PEM type ENCRYPTED SIGSTORE PRIVATE KEY, or
 * ENCRYPTED COSIGN PRIVATE KEY from older cosign): JSON in go-securesystemslib's "encrypted" format, a PKCS#8 key sealed
 * with NaCl secretbox under a key that scrypt derives from the password. Only scrypt's three presets of that library are
 * accepted (N = 2^15, 2^16 or 2^17, r = 8, p = 1), so a forged file cannot ask for unbounded memory.
 */
final class SigstoreKeys {

  static final List<String> PEM_TYPES = List.of("ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY");
  private static final List<Integer> SCRYPT_N = List.of(1 << 15, 1 << 16, 1 << 17);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SigstoreKeys() {}

  /** The PKCS#8 DER of the key, or empty when the password does not open it. */
  static Optional<byte[]> decrypt(byte[] pemBody, byte[] password) {
    JsonNode box;
    try {
      box = JSON.readTree(pemBody);
    } catch (IOException e) {
      throw new KeyFormatException("its content is not the JSON of cosign's encrypted key format");
    }
    JsonNode kdf = box.path("kdf");
    JsonNode params = kdf.path("params");
    if (!"scrypt".equals(kdf.path("name").asText()) || !"nacl/secretbox".equals(box.path("cipher").path("name").asText())) {
      throw new KeyFormatException("it names key derivation '" + kdf.path("name").asText() + "' and cipher '"
          + box.path("cipher").path("name").asText() + "'; only scrypt with nacl/secretbox (cosign's) is supported");
    }
    int n = params.path("N").asInt();
    if (!SCRYPT_N.contains(n) || params.path("r").asInt() != 8 || params.path("p").asInt() != 1) {
      throw new KeyFormatException("unsupported scrypt parameters N=" + n + ", r=" + params.path("r").asInt() + ", p="
          + params.path("p").asInt() + " (cosign uses N=32768, 65536 or 131072 with r=8, p=1)");
    }
    byte[] salt = base64(kdf.path("salt"), "kdf.salt");
    byte[] nonce = base64(box.path("cipher").path("nonce"), "cipher.nonce");
    byte[] sealed = base64(box.path("ciphertext"), "ciphertext");
    byte[] key = SCrypt.generate(password, salt, n, 8, 1, SecretBox.KEY_BYTES);
    return SecretBox.open(sealed, nonce, key);
  }

  private static byte[] base64(JsonNode field, String name) {
    try {
      return Base64.getDecoder().decode(field.asText());
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("its " + name + " is not base64");
    }
  }
}
