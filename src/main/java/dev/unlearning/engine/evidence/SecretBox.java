package dev.unlearning.engine.evidence;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's crypto_secretbox_open (XSalsa20 + Poly1305), as Go's golang.org/x/crypto/nacl/secretbox seals: the box is the
 * 16-byte tag followed by the ciphertext; the first 32 bytes of the XSalsa20 key stream are the one-time Poly1305 key,
 * the rest encrypts the message. Only the composition is here: the ciphers are BouncyCastle's.
 */
final class SecretBox {

  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 24;
  private static final int TAG_BYTES = 16;

  private SecretBox() {}

  /** The message, or empty when the box is not authentic under this key (a wrong password, a changed box). */
  static Optional<byte[]> open(byte[] box, byte[] nonce, byte[] key) {
    if (box.length < TAG_BYTES || nonce.length != NONCE_BYTES || key.length != KEY_BYTES) {
      return Optional.empty();
    }
    XSalsa20Engine stream = new XSalsa20Engine();
    stream.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] macKey = new byte[32];
    stream.processBytes(new byte[32], 0, 32, macKey, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(box, TAG_BYTES, box.length - TAG_BYTES);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(tag, Arrays.copyOf(box, TAG_BYTES))) {
      return Optional.empty();
    }
    byte[] message = new byte[box.length - TAG_BYTES];
    stream.processBytes(box, TAG_BYTES, message.length, message, 0);
    return Optional.of(message);
  }
}
