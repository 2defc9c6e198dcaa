package dev.unlearning.engine.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.runtime.OneDnnCacheSizes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loading TorchScript models, creating built-in ones, and saving both. */
public final class ModelIO {

  /** The DJL engine every model here runs on. */
  public static final String ENGINE = "PyTorch";

  // The one place of the engine's JVM settings: they must be set before the engine starts, and every use of the
  // engine goes through this class (engine(), or a Model made here), which runs this first.
  static {
    configureDjl();
  }

  private ModelIO() {}

  /**
   * The PyTorch engine, started with the settings of {@link #configureDjl()}, on a CPU whose caches oneDNN reads
   * right ({@link OneDnnCacheSizes}: checked once, before the first model is made here).
   */
  public static Engine engine() {
    Engine engine = Engine.getEngine(ENGINE);
    OneDnnCacheSizes.ensure(ModelIO::firstConvolution);
    return engine;
  }

  // A 3x3 convolution of a batch of 16 takes oneDNN's path in libtorch, which describes the CPU on first use.
  private static void firstConvolution() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ENGINE)) {
      Conv2d.conv2d(manager.ones(new Shape(16, 8, 8, 8)), manager.ones(new Shape(8, 8, 3, 3))).close();
    }
  }

  /**
   * Never download anything (the native library is on the class path) and use every core for intra-op parallelism.
   * Explicit system properties win; these only fill in what is unset, and only take effect before the engine starts.
   */
  private static void configureDjl() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    // The TorchScript graph executor's profiling optimizer pays off for repeated inference; the worker trains, and
    // the benchmarks in docs/benchmarks.md were measured with it off. (It was once blamed for a NaN in the test
    // suite: it is not the cause, TorchScriptRoundTripTest's fine-tuning gives bit-identical losses with it on and
    // off; see issue 9's notes in README, "Tests".)
    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
  }

  /** Applies the per-thread libtorch settings to the calling thread (libtorch keeps them per thread). */
  public static void configureThread() {
    JniUtils.setGradMode(false);
    JniUtils.setGraphExecutorOptimize(Boolean.parseBoolean(System.getProperty("ai.djl.pytorch.graph_optimizer")));
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Loads a TorchScript file with trainable parameters (DJL's {@code trainParam} option), mapped to {@code device}.
   *
   * @throws InvalidInputException naming spec.model.uri and the file when it is missing or not TorchScript
   */
  public static Model loadTorchScript(Path file, Device device) {
    return loadTorchScript("spec.model.uri", file, device);
  }

  /** As {@link #loadTorchScript(Path, Device)}, naming {@code field} in errors. */
  public static Model loadTorchScript(String field, Path file, Device device) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(field + ": model file " + file + " does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new InvalidInputException(field + ": model file " + file + " is not readable");
    }
    String saved = TorchSaveFile.describe(file);
    if (saved != null) {
      throw new InvalidInputException(field + ": model file " + file + " is " + saved + ", not TorchScript; export"
          + " the model with torch.jit.script(model).save(path), or torch.jit.trace(model, example_input).save(path),"
          + " and give that file");
    }
    engine();
    Model model = Model.newInstance("unlearning", device, ENGINE);
    try {
      model.load(file, null, Map.of("trainParam", "true", "mapLocation", "true"));
    } catch (IOException | MalformedModelException | EngineException e) {
      model.close();
      throw new InvalidInputException(field + ": model file " + file + " is not a TorchScript model loadable by "
          + "libtorch: " + firstLine(e.getMessage()), e);
    }
    if (!(model.getBlock() instanceof PtSymbolBlock)) {
      model.close();
      throw new InvalidInputException(field + ": model file " + file + " did not load as a TorchScript module");
    }
    return model;
  }

  /**
   * A copy of {@code model}'s module with every submodule in evaluation mode that, forwarded in DJL's training mode,
   * records autograd: the gradient of an evaluation-mode forward, which DJL's evaluation forward (libtorch's inference
   * mode) does not give. Forward it in training mode only; the caller closes it.
   */
  public static Model evaluationCopy(Model model) {
    Model copy = Model.newInstance("evaluation-copy", model.getNDManager().getDevice(), ENGINE);
    try {
      copy.setBlock(TorchScriptArchive.of(model).training(path -> false).load((PtNDManager) copy.getNDManager()));
      copy.getBlock().freezeParameters(false);
      return copy;
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /**
   * Makes {@code target}'s module a copy of {@code source}'s (parameters, buffers), in training mode and with every
   * parameter trainable, the state {@link #loadTorchScript} leaves a module in and the one DJL's block assumes first.
   */
  public static void replaceModule(Model target, Model source) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    writeTorchScript(source, bytes);
    PtSymbolBlock block;
    try {
      block = JniUtils.loadModule((PtNDManager) target.getNDManager(),
          new java.io.ByteArrayInputStream(bytes.toByteArray()), true, false);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JniUtils.enableTrainingMode(block);
    block.freezeParameters(false);
    PtSymbolBlock old = (PtSymbolBlock) target.getBlock();
    target.setBlock(block);
    old.close();
  }

  /** A new built-in model with freshly initialised parameters for inputs of {@code inputShape}. */
  public static Model builtIn(String architecture, int numClasses, Shape inputShape, Device device) {
    engine();
    Model model = Model.newInstance("unlearning", device, ENGINE);
    model.setBlock(Architectures.build(architecture, numClasses));
    model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
    return model;
  }

  /** Whether the model is a loaded TorchScript module (saved back as TorchScript) or a DJL block. */
  public static boolean isTorchScript(Model model) {
    return model.getBlock() instanceof PtSymbolBlock;
  }

  /**
   * Writes the module as a plain TorchScript archive, the same bytes {@code torch.jit.save} writes, including the
   * current (unlearned) parameter values, since DJL trains the module's own tensors in place. DJL's
   * {@code PtSymbolBlock.saveParameters} would prepend a DJL header, so this calls the libtorch serializer directly
   * without its length prefix.
   */
  public static void writeTorchScript(Model model, OutputStream out) {
    JniUtils.writeModule((PtSymbolBlock) model.getBlock(), out, false);
  }

  /** Saves a DJL block's parameters as {@code <dir>/<name>-0000.params} and returns that file. */
  public static Path saveDjlParams(Model model, Path dir, String name) throws IOException {
    model.save(dir, name);
    return dir.resolve(String.format("%s-%04d.params", name, 0));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
