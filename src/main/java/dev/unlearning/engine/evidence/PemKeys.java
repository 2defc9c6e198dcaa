package dev.unlearning.engine.evidence;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * ECDSA P-256 keys in PEM as openssl and cosign write them: PKCS#8 (PRIVATE KEY, ENCRYPTED PRIVATE KEY), SEC1 (EC
 * PRIVATE KEY, with or without EC PARAMETERS before it, plain or with openssl's legacy encryption) and cosign's ENCRYPTED
 * SIGSTORE PRIVATE KEY; public keys as SubjectPublicKeyInfo (PUBLIC KEY, e.g. cosign.pub). Parsing is BouncyCastle's.
 * Errors never quote the file.
 */
final class PemKeys {

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  /** For the ciphers of encrypted PEM (PBES2, openssl's legacy DEK-Info); not registered, so the JVM's are untouched. */
  private static final Provider BC = new BouncyCastleProvider();

  private PemKeys() {}

  /** The key pair of a private key; {@code password} for an encrypted one (absent: the empty password, as cosign). */
  static KeyPair readPrivate(byte[] pem, Optional<char[]> password) {
    String text = new String(pem, StandardCharsets.UTF_8);
    Optional<PemObject> sigstore = first(text).filter(o -> SigstoreKeys.PEM_TYPES.contains(o.getType()));
    if (sigstore.isPresent()) {
      char[] chars = password.orElse(new char[0]);
      byte[] der = SigstoreKeys.decrypt(sigstore.get().getContent(), new String(chars).getBytes(StandardCharsets.UTF_8))
          .orElseThrow(() -> new KeyFormatException(password.isEmpty()
              ? "it is encrypted (cosign) and its password is missing" : "its password is wrong"));
      return pair(fromPkcs8(der));
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMKeyPair plain) {
          return checked(converter.getKeyPair(plain));
        }
        if (o instanceof PEMEncryptedKeyPair legacy) {
          return checked(converter.getKeyPair(legacy.decryptKeyPair(
              new JcePEMDecryptorProviderBuilder().setProvider(BC).build(need(password)))));
        }
        if (o instanceof PrivateKeyInfo info) {
          return pair(converter.getPrivateKey(info));
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
          PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(need(password)));
          return pair(converter.getPrivateKey(info));
        }
        if (o instanceof SubjectPublicKeyInfo) {
          throw new KeyFormatException("it is a public key; the worker needs the private key");
        }
        // EC PARAMETERS (openssl ecparam -genkey without -noout) come before the key: read on.
      }
    } catch (PKCSException | OperatorCreationException e) {
      throw new KeyFormatException("its password is wrong or its encryption is not supported");
    } catch (IOException | RuntimeException e) {
      if (e instanceof KeyFormatException k) {
        throw k;
      }
      String why = e.getMessage() != null && e.getMessage().toLowerCase().contains("password") ? "its password is wrong"
          : "it cannot be parsed as a PEM private key";
      throw new KeyFormatException(why);
    }
    throw new KeyFormatException("it holds no PEM private key (PRIVATE KEY, EC PRIVATE KEY, ENCRYPTED PRIVATE KEY or "
        + "ENCRYPTED SIGSTORE PRIVATE KEY)");
  }

  /** A P-256 public key: PEM PUBLIC KEY (SubjectPublicKeyInfo), as cosign.pub and {@code openssl pkey -pubout}. */
  static PublicKey readPublic(byte[] pem) {
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.UTF_8)))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof SubjectPublicKeyInfo info) {
          PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
          if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new KeyFormatException("it is not an ECDSA P-256 public key");
          }
          return key;
        }
        if (o instanceof PEMKeyPair || o instanceof PrivateKeyInfo || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new KeyFormatException("it is a private key; pass the public key (cosign.pub, or openssl pkey -pubout)");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof KeyFormatException k) {
        throw k;
      }
      throw new KeyFormatException("it cannot be parsed as a PEM public key");
    }
    throw new KeyFormatException("it holds no PEM PUBLIC KEY");
  }

  private static char[] need(Optional<char[]> password) {
    return password.orElseThrow(() -> new KeyFormatException("it is encrypted and its password is missing"));
  }

  private static Optional<PemObject> first(String text) {
    try (PemReader reader = new PemReader(new StringReader(text))) {
      return Optional.ofNullable(reader.readPemObject());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static PrivateKey fromPkcs8(byte[] der) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (java.security.GeneralSecurityException e) {
      throw new KeyFormatException("its decrypted content is not a PKCS#8 EC private key");
    }
  }

  private static KeyPair checked(KeyPair pair) {
    return pair(pair.getPrivate());
  }

  /** The pair of a P-256 private key, its public point computed as d x G (PKCS#8 need not carry it). */
  private static KeyPair pair(PrivateKey key) {
    if (!(key instanceof ECPrivateKey ec)) {
      throw new KeyFormatException("it is a " + key.getAlgorithm() + " key; the record is signed with ECDSA P-256");
    }
    if (!isP256(ec.getParams())) {
      throw new KeyFormatException("it is an EC key on another curve; the record is signed with ECDSA P-256"
          + " (openssl ecparam -name prime256v1, or cosign generate-key-pair)");
    }
    BigInteger d = ec.getS();
    org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(d).normalize();
    try {
      PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
          new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), ec.getParams()));
      return new KeyPair(pub, key);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the public key", e);
    }
  }

  private static boolean isP256(ECParameterSpec params) {
    return params.getOrder().equals(P256.getN())
        && params.getCurve().getField().getFieldSize() == 256
        && params.getCurve().getB().equals(P256.getCurve().getB().toBigInteger());
  }
}
