package dev.unlearning.engine.runtime;

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
import net.fornwall.jelf.ElfSegment;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

/**
 * A shared library as this process has it mapped: its file (from {@code /proc/self/maps}) and its load base, so that
 * a symbol of the file's full symbol table ({@code .symtab}, which also lists what the library does not export)
 * can be turned into an address of this process.
 */
record LoadedLibrary(Path file, long base) {

  /** The mapped library whose file is named {@code fileName}, e.g. {@code libtorch_cpu.so}, if it is loaded. */
  static Optional<LoadedLibrary> find(String fileName) throws IOException {
    return find(fileName, Files.readAllLines(Path.of("/proc/self/maps")));
  }

  /**
   * From the lines of a maps file: the mapping of file offset 0 starts at the base plus the lowest loadable
   * virtual address, which is 0 for shared libraries as linkers write them.
   */
  static Optional<LoadedLibrary> find(String fileName, List<String> maps) throws IOException {
    for (String line : maps) {
      // start-end perms offset dev inode path
      String[] f = line.trim().split("\\s+", 6);
      if (f.length == 6 && f[5].endsWith("/" + fileName) && Long.parseLong(f[2], 16) == 0) {
        Path file = Path.of(f[5]);
        long start = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
        return Optional.of(new LoadedLibrary(file, start - lowestLoadAddress(file)));
      }
    }
    return Optional.empty();
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

  private static long lowestLoadAddress(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      ElfFile elf = ElfFile.from(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
      long lowest = Long.MAX_VALUE;
      for (int i = 0; i < elf.e_phnum; i++) {
        ElfSegment segment = elf.getProgramHeader(i);
        if (segment.p_type == ElfSegment.PT_LOAD) {
          lowest = Math.min(lowest, segment.p_vaddr & -segment.p_align);
        }
      }
      return lowest == Long.MAX_VALUE ? 0 : lowest;
    } catch (ElfException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
