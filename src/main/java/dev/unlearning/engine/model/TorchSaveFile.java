package dev.unlearning.engine.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Recognises the most common wrong model file: what {@code torch.save} writes (a state_dict or a whole pickled
 * module) instead of {@code torch.jit.save}. Both are zip archives with a data.pkl, but only TorchScript has code/
 * and constants.pkl; before PyTorch 1.6 torch.save wrote a bare pickle stream instead of a zip.
 */
final class TorchSaveFile {

  private TorchSaveFile() {}

  /** What the file is when torch.save wrote it ("a torch.save archive of a state_dict" ...), else null. */
  static String describe(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      if (head.length == 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
        return "a torch.save file in the legacy (pre-1.6) pickle format";
      }
      if (head.length < 2 || head[0] != 'P' || head[1] != 'K') {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pickle = null;
      boolean torchScript = false;
      for (var entries = zip.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        String inArchive = name.substring(name.indexOf('/') + 1);
        torchScript |= inArchive.equals("constants.pkl") || inArchive.startsWith("code/");
        if (inArchive.equals("data.pkl")) {
          pickle = zip.getEntry(name);
        }
      }
      if (pickle == null || torchScript) {
        return null;
      }
      try (InputStream in = zip.getInputStream(pickle)) {
        return "a torch.save archive of " + what(in.readNBytes(200));
      }
    } catch (IOException e) {
      return null;
    }
  }

  /** The first class the pickle names: an OrderedDict is a state_dict, anything else a pickled object. */
  private static String what(byte[] head) {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    int at = text.indexOf('c');
    int nl = at < 0 ? -1 : text.indexOf('\n', at);
    int end = nl < 0 ? -1 : text.indexOf('\n', nl + 1);
    if (end < 0) {
      return "a pickled object";
    }
    String module = text.substring(at + 1, nl);
    String name = text.substring(nl + 1, end);
    if (name.equals("OrderedDict") || name.equals("dict")) {
      return "a state_dict (parameter values without the network's code)";
    }
    return "a pickled module (" + module + "." + name + "), which needs its Python class to load";
  }
}
