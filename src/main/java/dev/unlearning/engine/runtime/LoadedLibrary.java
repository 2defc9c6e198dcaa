package dev.unlearning.engine.runtime;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

/**
 * A shared library as this process has it loaded: its file (found in {@code /proc/self/maps}) and its load base (from
 * the dynamic linker: the address {@code dlsym} gives an exported function, less that function's value in the file),
 * so that a symbol of the file's full symbol table ({@code .symtab}, which also lists what the library does not
 * export) can be turned into an address of this process.
 */
record LoadedLibrary(Path file, long base) {

  /** The loaded library whose file is named {@code fileName}, e.g. {@code libtorch_cpu.so}, if it is loaded. */
  static Optional<LoadedLibrary> find(String fileName) throws IOException {
    Optional<Path> file = mappedFile(fileName, Files.readAllLines(Path.of("/proc/self/maps")));
    return file.isEmpty() ? Optional.empty() : Optional.of(new LoadedLibrary(file.get(), base(file.get())));
  }

  /** The file of that name among the lines of a maps file ({@code start-end perms offset dev inode path}). */
  static Optional<Path> mappedFile(String fileName, List<String> maps) {
    return maps.stream().map(line -> line.trim().split("\\s+", 6)).filter(f -> f.length == 6)
        .map(f -> f[5]).filter(path -> path.endsWith("/" + fileName)).findFirst().map(Path::of);
  }

  /**
   * The symbols of {@code .symtab} named in {@code wanted} that are data objects of the given size (a size check
   * is a check of the layout the caller expects), by name. Names absent or of another size are left out.
   */
  Map<String, ElfSymbol> objects(Map<String, Long> wanted) throws IOException {
    Set<Long> sizes = Set.copyOf(wanted.values());
    Map<String, ElfSymbol> found = new HashMap<>();
    try (FileChannel channel = FileChannel.open(file)) {
      ElfSymbolTableSection table = ElfFile.from(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()))
          .getSymbolTableSection();
      if (table == null) {
        return found; // stripped
      }
      // Half a million symbols in libtorch_cpu.so: compare names only of objects of a wanted size.
      for (ElfSymbol symbol : table.symbols) {
        if (symbol.getType() == ElfSymbol.STT_OBJECT && sizes.contains(symbol.st_size)) {
          String name = symbol.getName();
          if (Long.valueOf(symbol.st_size).equals(wanted.get(name))) {
            found.put(name, symbol);
          }
        }
      }
    } catch (ElfException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** This process' address of a symbol of the file. */
  long address(ElfSymbol symbol) {
    return base + symbol.st_value;
  }

  // Any mapping of the file at offset 0 could be a reader's (jelf maps it too): ask the dynamic linker instead.
  private static long base(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      ElfSymbolTableSection exported = ElfFile.from(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()))
          .getDynamicSymbolTableSection();
      for (ElfSymbol symbol : exported.symbols) {
        if (symbol.getType() == ElfSymbol.STT_FUNC && symbol.getBinding() == ElfSymbol.BINDING_GLOBAL
            && symbol.st_shndx != 0 && symbol.st_value != 0) {
          Pointer linked = NativeLibrary.getInstance(file.toString()).getFunction(symbol.getName());
          return Pointer.nativeValue(linked) - symbol.st_value;
        }
      }
      throw new IOException(file + " exports no function");
    } catch (ElfException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
