package dev.unlearning.deploy;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import dev.unlearning.engine.model.ModelIO;
import java.nio.file.Path;

/**
 * Loads the PyTorch engine once, so that DJL downloads and caches libtorch (and extracts its JNI library) into
 * {@code DJL_CACHE_DIR}/{@code ENGINE_CACHE_DIR}. The worker image runs it at build time, then sets
 * {@code DJL_OFFLINE=true}: worker pods start without network access. Plain {@code main}, no Quarkus runtime:
 * {@code java -cp "/deployments/app/*:/deployments/lib/main/*:/deployments/lib/boot/*" dev.unlearning.deploy.EngineWarmup cu128}.
 *
 * <p>The optional argument is the expected libtorch flavor (e.g. {@code cu128}, {@code cpu}); the warm-up fails
 * when DJL loaded another one, e.g. the CPU build bundled in a native jar that should have been left out.
 */
public final class EngineWarmup {

  private EngineWarmup() {}

  public static void main(String[] args) {
    String expectedFlavor = args.length > 0 ? args[0] : null;
    try {
      System.out.println(load(expectedFlavor));
    } catch (IllegalStateException e) {
      System.err.println("engine warm-up failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Loads the engine and describes it.
   *
   * @throws IllegalStateException when the loaded libtorch is not of {@code expectedFlavor} (when not null)
   */
  public static String load(String expectedFlavor) {
    // Not ModelIO.engine(): that sets ai.djl.offline, and the warm-up is the one run that downloads libtorch.
    Engine engine = Engine.getEngine(ModelIO.ENGINE);
    String libtorch = LibUtils.getLibtorchPath();
    String description = "PyTorch " + engine.getVersion() + " from " + libtorch + ", GPUs visible: " + engine.getGpuCount();
    if (expectedFlavor != null && !flavorOf(libtorch).equals(expectedFlavor)) {
      throw new IllegalStateException("expected libtorch flavor " + expectedFlavor + " but loaded " + description);
    }
    return description;
  }

  /**
   * The flavor part ({@code cpu}, {@code cu128}, ...) of a DJL libtorch directory name such as
   * {@code 2.7.1-cu128-linux-x86_64} (downloaded) or {@code 2.7.1-20250812-cpu-linux-x86_64} (from a native jar).
   */
  static String flavorOf(String libtorchPath) {
    String dir = Path.of(libtorchPath).getFileName().toString();
    for (String part : dir.split("-")) {
      if (part.equals("cpu") || part.matches("cu\\d+")) {
        return part;
      }
    }
    return dir;
  }
}
