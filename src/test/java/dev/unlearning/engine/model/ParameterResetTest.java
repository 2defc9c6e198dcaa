package dev.unlearning.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.engine.DebianPython;
import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain reference's re-initialisation of a TorchScript model against PyTorch itself: every tensor of a
 * re-initialised torchvision ResNet-18 has the range, mean and standard deviation of the same tensor after PyTorch's
 * own reset_parameters() (or torchvision's own initialisation, for kaiming-normal), within sampling error, and its
 * batch norms' running statistics are reset (src/test/resources/usermodels/reset_statistics.py).
 */
class ParameterResetTest {

  private static final Path SCRIPTS = Path.of("src/test/resources/usermodels");

  @TempDir
  static Path models;

  @TempDir
  Path dir;

  @BeforeAll
  static void makeModels() throws IOException {
    DebianPython.require("python3-torch python3-torchvision", "torch", "torchvision");
    assertThat(DebianPython.run(SCRIPTS.resolve("make_models.py"), models.toString())).contains("ok");
  }

  private List<String> check(String scheme) throws IOException {
    Path reset = dir.resolve(scheme + ".pt");
    try (Model model = ModelIO.loadTorchScript(models.resolve("resnet18.pt"), Device.cpu());
        OutputStream out = Files.newOutputStream(reset)) {
      ParameterReset.Copy copy = ParameterReset.of(model, scheme, 7, "spec.reference.retrain");
      try (Model m = copy.model()) {
        ModelIO.writeTorchScript(m, out);
      }
      if (scheme.equals(ReferenceSpec.RESET_PARAMETERS)) {
        assertThat(copy.note()).startsWith("the model is torchvision's ResNet, which initialises its convolutions"
            + " Kaiming-normal");
      } else {
        assertThat(copy.note()).isNull();
      }
    }
    return DebianPython.run(SCRIPTS.resolve("reset_statistics.py"), reset.toString(), scheme).lines().toList();
  }

  @Test
  void everyTensorMatchesPyTorchsResetParameters() throws IOException {
    List<String> lines = check(ReferenceSpec.RESET_PARAMETERS);
    // 62 parameters and 60 buffers (20 batch norms x running mean, variance, batches tracked).
    assertThat(lines).hasSize(122).allMatch(l -> l.startsWith("ok "), "every tensor ok");
    assertThat(lines).contains("ok bn1.running_mean", "ok layer4.1.bn2.num_batches_tracked", "ok conv1.weight",
        "ok fc.bias");
  }

  @Test
  void kaimingNormalMatchesTorchvisionsOwnInitialisation() throws IOException {
    assertThat(check(ReferenceSpec.KAIMING_NORMAL)).hasSize(122).allMatch(l -> l.startsWith("ok "), "ok");
  }

  @Test
  void aParameterOfNoKnownLayerKindIsRefused() {
    try (Model model = ModelIO.loadTorchScript(models.resolve("scaled.pt"), Device.cpu())) {
      assertThatThrownBy(() -> ParameterReset.of(model, ReferenceSpec.RESET_PARAMETERS, 1, "spec.reference.retrain"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("spec.reference.retrain: parameter scale (of a Scaled) is not the weight or bias of a"
              + " convolution, linear or normalisation layer, so it cannot be re-initialised as PyTorch's"
              + " reset_parameters() does; give spec.reference.model (a model you retrained without the forget set)"
              + " instead");
    }
  }
}
