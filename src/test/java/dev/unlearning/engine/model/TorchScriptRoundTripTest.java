package dev.unlearning.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.train.ConfuseStep;
import dev.unlearning.engine.train.TrainingLoop;
import dev.unlearning.engine.train.WeightedCrossEntropyLoss;
import dev.unlearning.testing.RequiredTool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load a TorchScript model, unlearn it, save it as TorchScript, load it again: same parameters. */
class TorchScriptRoundTripTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir
  Path tmp;

  @Test
  void unlearnedModuleSavesAsTorchScriptAndReloadsWithEqualParameters() throws IOException {
    ImageDataset train = new TestData(3, 12, 96, 10, 0, 4).train();
    Path saved = tmp.resolve("model.pt");
    Map<String, float[]> original;
    Map<String, float[]> unlearned;
    try (Model model = ModelIO.loadTorchScript(TestData.TINY_CNN, Device.cpu())) {
      original = TestData.parameters(model);
      ConfuseStep.apply(model.getBlock(), 0.6, 1);
      Map<String, float[]> confused = TestData.parameters(model);
      new TrainingLoop("fineTune", ProgressListener.NONE).train(model, train, train.allIndices(),
          new WeightedCrossEntropyLoss(new double[] {1, 0.5, 0.5}),
          Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build(), 2, 16, 1);
      unlearned = TestData.parameters(model);
      // Gradients reach every layer of the TorchScript module: even parameters the noise did not touch moved.
      for (String name : new String[] {"fc.weight", "fc.bias", "bn1.weight", "conv2.weight"}) {
        assertThat(unlearned.get(name)).as(name).isNotEqualTo(confused.get(name));
      }
      try (OutputStream out = Files.newOutputStream(saved)) {
        ModelIO.writeTorchScript(model, out);
      }
    }
    // A plain TorchScript archive (a zip), not DJL's header-prefixed .params format.
    byte[] head = Arrays.copyOf(Files.readAllBytes(saved), 2);
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("PK");
    try (Model reloaded = ModelIO.loadTorchScript(saved, Device.cpu())) {
      Map<String, float[]> again = TestData.parameters(reloaded);
      assertThat(again.keySet()).containsExactlyElementsOf(unlearned.keySet());
      for (String name : unlearned.keySet()) {
        assertThat(again.get(name)).as(name).containsExactly(unlearned.get(name));
      }
      assertThat(again.get("conv1.weight")).isNotEqualTo(original.get("conv1.weight"));
    }
  }

  /** Needs Debian's python3-torch (.ci/run installs it). */
  @Test
  void pythonTorchJitLoadsTheSavedModel() throws Exception {
    RequiredTool.require(Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import torch") == 0,
        "/usr/bin/python3 with torch (Debian package python3-torch)");
    Path saved = tmp.resolve("model.pt");
    float[] conv1Weight;
    try (Model model = ModelIO.loadTorchScript(TestData.TINY_CNN, Device.cpu())) {
      ConfuseStep.apply(model.getBlock(), 0.6, 1);
      conv1Weight = TestData.parameters(model).get("conv1.weight");
      try (OutputStream out = Files.newOutputStream(saved)) {
        ModelIO.writeTorchScript(model, out);
      }
    }
    String script = "import torch,sys\n"
        + "m=torch.jit.load(sys.argv[1])\n"
        + "y=m(torch.zeros(2,1,12,12))\n"
        + "assert tuple(y.shape)==(2,3), y.shape\n"
        + "print(float(m.conv1.weight.flatten()[0]))\n";
    Path py = tmp.resolve("check.py");
    Files.writeString(py, script);
    ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), py.toString(), saved.toString()).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String[] lines = out.strip().split("\n");
    assertThat(Float.parseFloat(lines[lines.length - 1])).isEqualTo(conv1Weight[0]);
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

}
