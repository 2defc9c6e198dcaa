package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model as PyTorch users make it, on data as they keep it: torchvision's ResNet-50 exported with torch.jit.script,
 * unlearned on an RGB image folder (Fashion-MNIST written as tinted PNGs by PIL, resized to 32x32 by the worker), the
 * output loaded back by torch.jit.load. Small on purpose: 30 training images, one epoch.
 */
class ResNet50ImageFolderTest {

  static final Path SCRIPTS = Path.of("src/test/resources/imagefolder");

  @TempDir
  Path tmp;

  @Test
  void scriptedResNet50UnlearnsOnAnRgbImageFolderAndPythonLoadsTheResult() throws IOException {
    DebianPython.require("python3-pil python3-torch python3-torchvision", "PIL", "torch", "torchvision");
    Path data = tmp.resolve("fashion-rgb");
    DebianPython.run(SCRIPTS.resolve("fashion_mnist_folder.py"), "k8s/data/fashion-mnist-10k", data.toString(),
        "--per-class", "3", "--mode", "tinted");
    Path modelFile = tmp.resolve("resnet50.pt");
    JsonNode exported = json(DebianPython.run(SCRIPTS.resolve("export_resnet50.py"), modelFile.toString()));

    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    ModelSpec model = new ModelSpec();
    model.setUri(modelFile.toString());
    model.setNumClasses(10);
    spec.setModel(model);
    DatasetSpec dataset = new DatasetSpec();
    dataset.setFormat(DatasetSpec.FORMAT_IMAGE_FOLDER);
    dataset.setUri(data.toString());
    dataset.setImageSize(List.of(32, 32));
    spec.setDataset(dataset);
    ForgetSpec forget = new ForgetSpec();
    forget.setClasses(List.of(1)); // "Bag": the second class folder in sorted order
    spec.setForget(forget);
    spec.setNoiseStd(0.02);
    spec.setLearningRate(0.001);
    spec.setEpochs(1);
    spec.setBatchSize(16);
    spec.setOutput(new OutputSpec(tmp.resolve("out").toString()));

    UnlearningResult result = new UnlearningPipeline(tmp.resolve("pvc"), ProgressListener.NONE).run(spec);

    JsonNode doc = new ObjectMapper().readTree(result.resultJson().toFile());
    assertThat(doc.at("/dataset/trainSize").asInt()).isEqualTo(30);
    assertThat(doc.at("/dataset/imageShape").toString()).isEqualTo("[3,32,32]");
    assertThat(doc.at("/forget/forgetSize").asInt()).isEqualTo(3);
    // Confuse found every convolution of the scripted module: 53 weights, no bias.
    List<String> confused = new ArrayList<>();
    doc.at("/model/confusedParameters").forEach(n -> confused.add(n.asText()));
    List<String> convs = new ArrayList<>();
    exported.get("convWeights").forEach(n -> convs.add(n.asText()));
    assertThat(convs).hasSize(53);
    assertThat(confused).containsExactlyInAnyOrderElementsOf(convs);
    assertThat(doc.at("/model/confusedElements").asLong()).isEqualTo(exported.get("convElements").asLong());
    // Fine-tuning ran: two batches (27 retained images, batch 16), a finite loss.
    assertThat(doc.at("/fineTune")).hasSize(1);
    assertThat(Double.isFinite(doc.at("/fineTune/0/loss").asDouble())).isTrue();
    assertThat(doc.at("/model/savedFormat").asText()).isEqualTo("torchscript");

    JsonNode loaded = json(DebianPython.run(SCRIPTS.resolve("load_torchscript.py"), result.modelFile().toString(),
        "2,3,32,32", "conv1.weight"));
    assertThat(loaded.get("outputShape").toString()).isEqualTo("[2,10]");
    assertThat(loaded.get("allFinite").asBoolean()).isTrue();
    // The saved module holds the unlearned weights, not the exported ones.
    assertThat(loaded.get("parameter0").asDouble()).isNotEqualTo(exported.get("conv1Weight0").asDouble());
  }

  private static JsonNode json(String stdout) throws IOException {
    String[] lines = stdout.strip().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }
}
