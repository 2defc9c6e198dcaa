package dev.unlearning.engine.runtime;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import net.fornwall.jelf.ElfSymbol;
import org.jboss.logging.Logger;

/**
 * Keeps libtorch 2.7.1's oneDNN (3.7.1) from dividing by zero on AMD CPUs that do not describe their caches.
 *
 * <p>The crash: oneDNN's bundled Xbyak reads an AMD CPU's data caches from CPUID leaf 0x8000001D without checking
 * that the leaf describes any cache. A hypervisor that leaves the leaf empty (seen on a 2-core AMD EPYC Zen 5 cloud
 * machine: every sub-leaf reads 0, and Linux shows no {@code /sys/devices/system/cpu/cpu0/cache}) makes each cache
 * size (ways+1)(partitions+1)(line+1)(sets+1) = 1 byte. With 1-byte L1 and L2 caches, the brgemm convolution
 * blocking picks spatial blocks smaller than one microkernel row, and {@code est_eff_1x1()} divides by their count,
 * 0: SIGFPE in the integer division of its "maskrcnn" branch, taken only for 1x1 convolutions of 1024 -> 512,
 * 1024 -> 2048, 256 -> 1024, 512 -> 1024 and 512 -> 2048 channels (ResNet-50's bottlenecks; forward and backward
 * files alike). Capping the ISA does not help (brgemm serves AVX2 too); turning oneDNN off costs 5x on ResNet-18.
 *
 * <p>The fix, at the cause: when oneDNN's CPU description holds exactly that signature (3 levels of 1 byte), this
 * sets its number of known cache levels to 0, which makes oneDNN use its own defaults for a CPU whose caches it
 * cannot read (32 KiB L1, 512 KiB L2, 1 MiB L3 per core: {@code platform::get_per_core_cache_size}). That is what
 * oneDNN does on such a machine since its Xbyak 7.x, which stops at the first sub-leaf whose cache type is 0. On every
 * other CPU nothing is written. The description is a function-local static ({@code dnnl::impl::cpu::x64::cpu()::cpu_},
 * an Xbyak {@code Cpu} of 144 bytes) found in libtorch_cpu.so's symbol table; its field offsets are those of Xbyak
 * 7.05's {@code class Cpu} as bundled in oneDNN 3.7.1 and as {@code get_per_core_cache_size} reads them.
 * {@code -Dunlearning.onednn-cache-fix=false} leaves oneDNN as it is (CpuCacheCrashTest uses it to show the crash).
 */
public final class OneDnnCacheSizes {

  /** Set to {@code false} to leave oneDNN's cache sizes as it read them. */
  public static final String PROPERTY = "unlearning.onednn-cache-fix";

  private static final Logger LOG = Logger.getLogger(OneDnnCacheSizes.class);
  private static final String LIBRARY = "libtorch_cpu.so";
  private static final String CPU = "_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_";
  private static final String CPU_GUARD = "_ZGVZN4dnnl4impl3cpu3x643cpuEvE4cpu_";
  private static final long CPU_SIZE = 144;
  private static final long GUARD_SIZE = 8;
  private static final int DATA_CACHE_SIZE = 0x1c; // uint32_t dataCacheSize_[10]
  private static final int DATA_CACHE_LEVELS = 0x6c; // uint32_t dataCacheLevels_
  private static final int AMD_LEVELS = 3; // Xbyak's AMD branch always records L1, L2 and L3

  /** What was found, and whether the sizes were replaced. */
  public enum State { NOT_AFFECTED, CORRECTED, LEFT_AS_READ, NOT_CHECKED }

  /** The state and a sentence for the log. */
  public record Outcome(State state, String detail) {}

  private static Outcome outcome;

  private OneDnnCacheSizes() {}

  /**
   * Checks oneDNN's cache sizes once per process, after libtorch is loaded, and corrects the signature above.
   * {@code firstConvolution} runs a small convolution, so that oneDNN has described the CPU before it is read.
   */
  public static synchronized Outcome ensure(Runnable firstConvolution) {
    if (outcome == null) {
      outcome = check(firstConvolution);
      if (outcome.state() == State.CORRECTED || outcome.state() == State.LEFT_AS_READ) {
        LOG.warn(outcome.detail());
      } else {
        LOG.debug(outcome.detail());
      }
    }
    return outcome;
  }

  private static Outcome check(Runnable firstConvolution) {
    try {
      if (!cpuVendor().map("AuthenticAMD"::equals).orElse(false)) {
        return new Outcome(State.NOT_AFFECTED, "not an AMD CPU: oneDNN checks the cache leaves it reads on others");
      }
      Optional<LoadedLibrary> library = LoadedLibrary.find(LIBRARY);
      if (library.isEmpty()) {
        return new Outcome(State.NOT_CHECKED, LIBRARY + " is not loaded");
      }
      Map<String, ElfSymbol> symbols = library.get().objects(Map.of(CPU, CPU_SIZE, CPU_GUARD, GUARD_SIZE));
      if (symbols.size() < 2) {
        return new Outcome(State.NOT_CHECKED, library.get().file() + " has no oneDNN CPU description of the layout "
            + "this checks (stripped, or another oneDNN): cache sizes not checked");
      }
      Pointer guard = new Pointer(library.get().address(symbols.get(CPU_GUARD)));
      if (guard.getByte(0) == 0) {
        firstConvolution.run();
      }
      if (guard.getByte(0) == 0) {
        return new Outcome(State.NOT_CHECKED, "oneDNN had not described the CPU after a first convolution");
      }
      return correct(new Pointer(library.get().address(symbols.get(CPU))), !"false".equals(System.getProperty(PROPERTY)));
    } catch (IOException | RuntimeException e) {
      return new Outcome(State.NOT_CHECKED, "oneDNN's cache sizes not checked: " + e);
    }
  }

  /** Reads oneDNN's CPU description at {@code cpu} and, if {@code fix} and it has 1-byte caches, corrects it. */
  static Outcome correct(Pointer cpu, boolean fix) {
    int levels = cpu.getInt(DATA_CACHE_LEVELS);
    int[] sizes = cpu.getIntArray(DATA_CACHE_SIZE, Math.max(0, Math.min(levels, 10)));
    boolean oneByteEach = levels == AMD_LEVELS && sizes[0] == 1 && sizes[1] == 1 && sizes[2] == 1;
    if (!oneByteEach) {
      return new Outcome(State.NOT_AFFECTED, "oneDNN reads " + levels + " data cache levels: "
          + Arrays.toString(sizes) + " bytes");
    }
    String found = "oneDNN read every CPU cache as 1 byte (CPUID leaf 0x8000001D is empty on this machine), which "
        + "crashes its 1x1 convolutions (SIGFPE)";
    if (!fix) {
      return new Outcome(State.LEFT_AS_READ, found + "; left so (" + PROPERTY + "=false)");
    }
    cpu.setInt(DATA_CACHE_LEVELS, 0);
    return new Outcome(State.CORRECTED, found + "; it uses its default cache sizes instead (32 KiB L1, 512 KiB L2, "
        + "1 MiB L3 per core), as oneDNN 3.8 and later do on such CPUs");
  }

  private static Optional<String> cpuVendor() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return Optional.empty();
    }
    try (var lines = Files.lines(cpuinfo)) {
      return lines.filter(l -> l.startsWith("vendor_id")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
    }
  }
}
