package dev.unlearning.engine.model;

import ai.djl.Model;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript module as the archive {@code torch.jit.save} writes, for what DJL's JNI cannot do on a loaded module:
 * set the {@code training} flag of one submodule (DJL's train/eval sets every module's at once) and write a buffer
 * (DJL exposes parameters only, not running statistics). The archive comes from libtorch ({@link #of}: the module as
 * it is now), is changed here in its {@code data.pkl} and {@code data/} records, and goes back through libtorch's own
 * loader ({@link #load}). That loader, reading from a stream, keeps every module's flag as the archive says (the
 * path loader calls eval() on the whole module; the stream loader does not), and DJL's block changes no flag as long
 * as it is only forwarded in training mode, its initial state.
 */
public final class TorchScriptArchive {

  private final Map<String, byte[]> entries;
  private final String pickleName;
  private final byte[] pickle;
  private final ModulePickle.Tree tree;

  private TorchScriptArchive(Map<String, byte[]> entries, String pickleName) {
    this.entries = entries;
    this.pickleName = pickleName;
    this.pickle = entries.get(pickleName).clone();
    this.tree = ModulePickle.read(pickle);
  }

  /** The archive of {@code model}'s module with its current parameters, buffers and flags. */
  public static TorchScriptArchive of(Model model) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelIO.writeTorchScript(model, bytes);
    return read(bytes.toByteArray());
  }

  // libtorch writes stored entries followed by data descriptors, which ZipInputStream refuses; ZipFile reads the
  // central directory instead, so the archive goes through a scratch file.
  static TorchScriptArchive read(byte[] zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String pickle = null;
    try {
      Path file = Files.createTempFile("module-", ".pt");
      try {
        Files.write(file, zip);
        try (ZipFile in = new ZipFile(file.toFile())) {
          for (var all = in.entries(); all.hasMoreElements(); ) {
            ZipEntry e = all.nextElement();
            try (InputStream data = in.getInputStream(e)) {
              entries.put(e.getName(), data.readAllBytes());
            }
            if (e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9) {
              pickle = e.getName();
            }
          }
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the module archive libtorch wrote failed", e);
    }
    if (pickle == null) {
      throw new IllegalStateException("libtorch wrote a module archive without data.pkl");
    }
    return new TorchScriptArchive(entries, pickle);
  }

  /** Every module, the root first, in registration order. */
  public List<ModulePickle.Module> modules() {
    return tree.modules();
  }

  /** Every tensor attribute (parameters and buffers) by dotted name. */
  public Map<String, ModulePickle.Tensor> tensors() {
    return tree.tensors();
  }

  /** The root module's TorchScript class, e.g. {@code __torch__.torchvision.models.resnet.ResNet}. */
  public String rootClass() {
    return tree.modules().get(0).className();
  }

  /** Sets each module's training flag to {@code training.test(path)}. */
  public TorchScriptArchive training(Predicate<String> training) {
    for (ModulePickle.Module m : tree.modules()) {
      if (m.trainingFlag() < 0) {
        throw new IllegalStateException("module '" + m.path() + "' has no training flag in data.pkl");
      }
      pickle[m.trainingFlag()] = (byte) (training.test(m.path()) ? 0x88 : 0x89);
    }
    return this;
  }

  /** Sets every element of the tensor {@code name} (a buffer; a parameter is reset through DJL) to {@code value}. */
  public TorchScriptArchive fill(String name, double value) {
    ModulePickle.Tensor t = tree.tensors().get(name);
    if (t == null || !t.contiguous()) {
      throw new IllegalStateException("tensor '" + name + "' is not a contiguous tensor of the archive");
    }
    String key = pickleName.substring(0, pickleName.length() - "data.pkl".length()) + "data/" + t.storage();
    byte[] storage = entries.get(key).clone();
    ByteBuffer b = ByteBuffer.wrap(storage).order(ByteOrder.LITTLE_ENDIAN);
    int size = elementSize(t.storageType());
    for (long i = t.offset(); i < t.offset() + t.elements(); i++) {
      int at = Math.toIntExact(i * size);
      switch (t.storageType()) {
        case "FloatStorage" -> b.putFloat(at, (float) value);
        case "DoubleStorage" -> b.putDouble(at, value);
        case "LongStorage" -> b.putLong(at, (long) value);
        case "IntStorage" -> b.putInt(at, (int) value);
        case "BFloat16Storage" -> b.putShort(at, (short) (Float.floatToIntBits((float) value) >>> 16));
        default -> throw new IllegalStateException("tensor '" + name + "' is of unsupported type " + t.storageType());
      }
    }
    entries.put(key, storage);
    return this;
  }

  private static int elementSize(String storageType) {
    return switch (storageType) {
      case "DoubleStorage", "LongStorage" -> 8;
      case "FloatStorage", "IntStorage" -> 4;
      case "HalfStorage", "BFloat16Storage", "ShortStorage" -> 2;
      default -> 1;
    };
  }

  /** The archive with the changes, as uncompressed zip entries like torch.jit.save's. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        byte[] data = e.getKey().equals(pickleName) ? pickle : e.getValue();
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The changed module, loaded by libtorch into {@code manager} with the flags this archive sets. */
  public PtSymbolBlock load(PtNDManager manager) {
    try {
      return JniUtils.loadModule(manager, new ByteArrayInputStream(bytes()), true, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
