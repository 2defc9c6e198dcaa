package dev.unlearning.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import dev.unlearning.engine.model.ModelIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.fornwall.jelf.ElfSymbol;
import org.junit.jupiter.api.Test;

class LoadedLibraryTest {

  @Test
  void theFileIsFoundByItsNameInTheMaps() {
    List<String> maps = List.of(
        "55d0c0a00000-55d0c0a01000 r--p 00000000 fe:00 1001 /usr/bin/java",
        "7f3a10000000-7f3a10010000 r--p 00000000 fe:00 2002 /opt/djl/libtorch_cpu.so",
        "7f3a10010000-7f3a10020000 r-xp 00010000 fe:00 2002 /opt/djl/libtorch_cpu.so",
        "7ffd2a000000-7ffd2a021000 rw-p 00000000 00:00 0 [stack]");
    assertThat(LoadedLibrary.mappedFile("libtorch_cpu.so", maps)).contains(Path.of("/opt/djl/libtorch_cpu.so"));
    assertThat(LoadedLibrary.mappedFile("torch_cpu.so", maps)).isEmpty();
    assertThat(LoadedLibrary.mappedFile("libc10.so", maps)).isEmpty();
  }

  @Test
  void theBaseIsWhereTheFileIsLoaded() throws Exception {
    ModelIO.engine();
    LoadedLibrary libtorch = LoadedLibrary.find("libtorch_cpu.so").orElseThrow();
    // The ELF header is loaded at the base, as it is in the file.
    byte[] header = new byte[64];
    try (InputStream in = Files.newInputStream(libtorch.file())) {
      assertThat(in.readNBytes(header, 0, 64)).isEqualTo(64);
    }
    assertThat(new Pointer(libtorch.base()).getByteArray(0, 64)).isEqualTo(header);
    assertThat(header[0]).isEqualTo((byte) 0x7f);
    // And a second look finds the same base, though the symbol lookups map the file once more.
    libtorch.objects(Map.of("_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_", 144L));
    assertThat(LoadedLibrary.find("libtorch_cpu.so").orElseThrow().base()).isEqualTo(libtorch.base());
  }

  @Test
  void objectsAreFoundByNameAndExpectedSizeOnly() throws Exception {
    ModelIO.engine();
    LoadedLibrary libtorch = LoadedLibrary.find("libtorch_cpu.so").orElseThrow();
    String cpu = "_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_";
    Map<String, ElfSymbol> right = libtorch.objects(Map.of(cpu, 144L));
    assertThat(right).containsOnlyKeys(cpu);
    assertThat(right.get(cpu).st_size).isEqualTo(144);
    // Another size is another layout: not found, so nothing is read or written there.
    assertThat(libtorch.objects(Map.of(cpu, 136L))).isEmpty();
  }
}
