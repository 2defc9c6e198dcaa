package dev.unlearning.engine.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bytes and of files (streamed), in lowercase hex as sha256sum prints it. */
public final class Digests {

  private static final int BLOCK = 1 << 20;

  private Digests() {}

  public static String sha256Hex(byte[] data) {
    return hex(sha256().digest(data));
  }

  /** SHA-256 of a file's content: read whole when small (an image), else in 1 MiB blocks (a model, an archive). */
  public static String sha256Hex(Path file) {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      if (Files.size(file) <= BLOCK) {
        return hex(md.digest(in.readAllBytes()));
      }
      byte[] buffer = new byte[BLOCK];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return hex(md.digest());
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
