package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.engine.DebianPython;
import dev.unlearning.engine.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Models as users make them: the small CNN written in PyTorch and torchvision's ResNet-18, exported with
 * torch.jit.script by Debian's PyTorch (src/test/resources/usermodels/make_models.py), run through {@code run -f} with
 * each method and with layer selection; the outputs are loaded back with torch.jit.load, and the frozen layers
 * compared with the input model's tensor by tensor, running statistics included (compare_layers.py).
 */
class TorchScriptUserModelsTest {

  private static final Path SCRIPTS = Path.of("src/test/resources/usermodels");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path models;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  @BeforeAll
  static void makeModels() throws IOException {
    DebianPython.require("python3-torch python3-torchvision", "torch", "torchvision");
    assertThat(DebianPython.run(SCRIPTS.resolve("make_models.py"), models.toString())).contains("ok");
  }

  private Path smallCnnData() throws IOException {
    Path data = dir.resolve("idx");
    new TestData(3, 12, 96, 30, 0, 4).writeIdx(data, false);
    return data;
  }

  private int run(String yaml) throws IOException {
    Path file = dir.resolve("request-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    RunCommand cmd = new RunCommand();
    cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    cmd.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    return new CommandLine(cmd).execute("-f", file.toString());
  }

  private static String request(String model, String format, Path data, Path out, String extra) {
    return "apiVersion: unlearning.dev/v1alpha1\nkind: UnlearningRequest\nmetadata: {name: user-model}\nspec:\n"
        + "  model: {uri: " + model + ", numClasses: 3}\n"
        + "  dataset: {format: " + format + ", uri: " + data + "}\n"
        + "  forget: {fraction: 0.2, seed: 1}\n  epochs: 2\n  batchSize: 16\n  seed: 3\n"
        + "  output: {uri: " + out + "}\n" + extra;
  }

  /** Runs torchvision's ResNet-18 on the CIFAR-format data with {@code extra} request lines; returns the output. */
  private Path runResnet(String extra) throws IOException {
    Path out = dir.resolve("out-" + System.nanoTime());
    assertThat(run(request(models.resolve("resnet18.pt").toString(), "cifar10-binary", models.resolve("cifar"), out,
        extra))).as(err.toString()).isZero();
    return out;
  }

  /** compare_layers.py's verdict on every tensor of the input model: "same" or "changed". */
  private static Map<String, String> compare(Path original, Path unlearned) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    DebianPython.run(SCRIPTS.resolve("compare_layers.py"), original.toString(), unlearned.toString()).lines()
        .map(l -> l.split(" ")).forEach(p -> out.put(p[0], p[1]));
    return out;
  }

  private JsonNode result(Path out) throws IOException {
    return JSON.readTree(out.resolve("result.json").toFile());
  }

  @Test
  void everyMethodRunsOnTheSmallCnnAndPythonLoadsTheResult() throws IOException {
    Path data = smallCnnData();
    Path input = models.resolve("small-cnn.pt");
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("confuse-finetune", "  method: confuse-finetune\n");
    settings.put("finetune", "  method: finetune\n");
    settings.put("neggrad-plus", "  method: neggrad-plus\n");
    settings.put("random-labels", "  method: random-labels\n");
    settings.put("salun", "  method: salun\n");
    settings.put("heldout-match", "  method: heldout-match\n  methodSettings: {frozenFeatures: true}\n");
    for (Map.Entry<String, String> s : settings.entrySet()) {
      Path out = dir.resolve("out-" + s.getKey());
      assertThat(run(request(input.toString(), "idx", data, out, s.getValue()))).as(s.getKey() + ": " + err)
          .isZero();
      Map<String, String> tensors = compare(input, out.resolve("model.pt"));
      assertThat(result(out).at("/method").asText()).isEqualTo(s.getKey());
      // Linear layers 8 and 10 train under every method.
      assertThat(tensors).as(s.getKey()).containsEntry("8.weight", "changed").containsEntry("10.bias", "changed");
      if (s.getKey().equals("heldout-match")) {
        // Frozen features: both convolutions and batch norms, running statistics included, are bit for bit the input's.
        tensors.forEach((name, verdict) -> assertThat(verdict).as(name)
            .isEqualTo(name.startsWith("8.") || name.startsWith("10.") ? "changed" : "same"));
        assertThat(result(out).at("/methodReport/trainedLayers").toString()).isEqualTo("[\"8\",\"10\"]");
      } else if (!s.getKey().equals("salun")) {
        assertThat(tensors).as(s.getKey()).containsEntry("0.weight", "changed")
            .containsEntry("1.running_mean", "changed");
      }
    }
  }

  @Test
  void resnet18TrainsTheNamedLayersAndKeepsTheRestAsTheOriginalsInEvaluationMode() throws IOException {
    Path out = runResnet("  method: heldout-match\n  methodSettings: {frozenFeatures: true, trainedLayers: [layer4, fc]}\n"
        + "  reference: {retrain: true, epochs: 1}\n");
    Map<String, String> tensors = compare(models.resolve("resnet18.pt"), out.resolve("model.pt"));
    tensors.forEach((name, verdict) -> {
      boolean trained = name.startsWith("layer4.") || name.startsWith("fc.");
      // A trained layer's batch norm runs in training mode: its running statistics and count move too.
      assertThat(verdict).as(name).isEqualTo(trained ? "changed" : "same");
    });
    assertThat(tensors).containsEntry("layer4.0.bn1.running_mean", "changed")
        .containsEntry("layer3.1.bn2.num_batches_tracked", "same").containsEntry("bn1.running_var", "same");
    JsonNode result = result(out);
    assertThat(result.at("/reference/kind").asText()).isEqualTo("retrained");
    assertThat(result.at("/reference/initialization").asText()).isEqualTo("reset-parameters");
    assertThat(result.at("/reference/note").asText()).contains("torchvision's ResNet")
        .contains("kaiming-normal");
    assertThat(result.at("/gaps/average").isNumber()).isTrue();
    assertThat(result.at("/retrained/test").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void everyOtherMethodTrainsTheWholeResnet18AndPythonLoadsTheResult() throws IOException {
    // heldout-match and confuse-finetune have their own tests below; these train every layer in training mode.
    for (String method : new String[] {"finetune", "neggrad-plus", "random-labels", "salun"}) {
      Path out = runResnet("  method: " + method + "\n  epochs: 1\n");
      Map<String, String> tensors = compare(models.resolve("resnet18.pt"), out.resolve("model.pt"));
      assertThat(result(out).at("/method").asText()).isEqualTo(method);
      assertThat(tensors).as(method).hasSize(122).containsEntry("fc.weight", "changed")
          .containsEntry("bn1.running_mean", "changed").containsEntry("layer4.1.bn2.num_batches_tracked", "changed");
      if (!method.equals("salun")) {
        assertThat(tensors).as(method).containsEntry("conv1.weight", "changed")
            .containsEntry("layer4.1.conv2.weight", "changed");
      }
    }
  }

  @Test
  void resnet18FrozenFeaturesTrainsTheClassifierOnly() throws IOException {
    Path out = runResnet("  method: heldout-match\n  methodSettings: {frozenFeatures: true}\n");
    compare(models.resolve("resnet18.pt"), out.resolve("model.pt")).forEach((name, verdict) ->
        assertThat(verdict).as(name).isEqualTo(name.startsWith("fc.") ? "changed" : "same"));
    assertThat(result(out).at("/methodReport/trainedParameters").asLong()).isEqualTo(512 * 3 + 3);
  }

  @Test
  void theConfuseStepOfTheChallengeEntryNoisesTheStemOnly() throws IOException {
    JsonNode result = result(runResnet("  method: confuse-finetune\n  noiseStd: 0.6\n  learningRate: 0.0001\n"
        + "  methodSettings: {confuseScope: stem, lastEpochNoiseStd: 0.005}\n"));
    assertThat(result.at("/model/confusedParameters").toString()).isEqualTo("[\"conv1.weight\"]");
    assertThat(result.at("/model/confusedElements").asLong()).isEqualTo(64 * 3 * 7 * 7);
    assertThat(result.at("/methodReport/lastEpochNoisedElements").asLong()).isEqualTo(64 * 3 * 7 * 7);
    assertThat(result.at("/methodReport/confuseScope").asText()).isEqualTo("stem");
  }

  @Test
  void namedConfuseLayersNoiseTheirConvolutionsOnly() throws IOException {
    Path out = runResnet("  method: confuse-finetune\n  epochs: 1\n"
        + "  methodSettings: {confuseScope: named, confuseLayers: [layer1.0]}\n");
    assertThat(result(out).at("/model/confusedParameters").toString())
        .isEqualTo("[\"layer1.0.conv1.weight\",\"layer1.0.conv2.weight\"]");
  }

  @Test
  void aSelectionOfNoParameterOrOfEveryOneIsRefusedWithTheModelsNames() throws IOException {
    assertRefusedBeforeAnyPass("small-cnn.pt",
        "  method: heldout-match\n  methodSettings: {frozenFeatures: true, trainedLayers: [classifier]}\n",
        "spec.methodSettings.trainedLayers: matches no parameter of the model; the model's parameters are 0.weight,"
            + " 0.bias, 1.weight, 1.bias, 3.weight, 3.bias, 4.weight, 4.bias, ... (12 in all)");
    assertRefusedBeforeAnyPass("small-cnn.pt",
        "  method: heldout-match\n  methodSettings: {frozenFeatures: true, trainedLayers: ['*']}\n",
        "spec.methodSettings.trainedLayers: matches every parameter of the model, so no layer would stay frozen; the"
            + " model's parameters are 0.weight");
    assertRefusedBeforeAnyPass("small-cnn.pt",
        "  method: confuse-finetune\n  methodSettings: {confuseScope: named, confuseLayers: ['8']}\n",
        "spec.methodSettings.confuseLayers: matches no convolution of the model; its convolution parameters are"
            + " 0.weight, 0.bias, 3.weight, 3.bias");
  }

  @Test
  void aReferenceThatCannotBeMadeIsRefusedBeforeAnyPass() throws IOException {
    assertRefusedBeforeAnyPass("scaled.pt", "  method: finetune\n  reference: {retrain: true}\n",
        "spec.reference.retrain: parameter scale (of a Scaled) is not the weight or bias of a convolution, linear or"
            + " normalisation layer");
    assertRefusedBeforeAnyPass("small-cnn.pt", "  method: finetune\n  reference: {model: {uri: "
        + models.resolve("state-dict.pt") + "}}\n", "spec.reference.model.uri: model file "
        + models.resolve("state-dict.pt") + " is a torch.save archive of a state_dict");
  }

  /** Exit 2 with {@code message}, before the original model is assessed (no pass over the data). */
  private void assertRefusedBeforeAnyPass(String model, String extra, String message) throws IOException {
    err.reset();
    stdout.reset();
    Path data = Files.isDirectory(dir.resolve("idx")) ? dir.resolve("idx") : smallCnnData();
    Path output = dir.resolve("refused-" + System.nanoTime());
    assertThat(run(request(models.resolve(model).toString(), "idx", data, output, extra))).as(err.toString())
        .isEqualTo(2);
    assertThat(err.toString()).contains(message);
    assertThat(stdout.toString()).contains("> " + dev.unlearning.engine.stage.Phases.LOAD)
        .doesNotContain("> " + dev.unlearning.engine.stage.Phases.EVALUATE_ORIGINAL);
    assertThat(output.resolve("result.json")).doesNotExist();
  }

  @Test
  void aTorchSaveArchiveIsRecognisedAndTheExportIsExplained() throws IOException {
    Path data = smallCnnData();
    for (String file : new String[] {"state-dict.pt", "pickled-module.pt"}) {
      err.reset();
      Path model = models.resolve(file);
      assertThat(run(request(model.toString(), "idx", data, dir.resolve(file), ""))).isEqualTo(2);
      assertThat(err.toString()).contains("spec.model.uri: model file " + model + " is a torch.save archive of "
          + (file.startsWith("state") ? "a state_dict (parameter values without the network's code)"
              : "a pickled module (torch.nn.modules.container.Sequential)"))
          .contains("not TorchScript; export the model with torch.jit.script(model).save(path), or"
              + " torch.jit.trace(model, example_input).save(path), and give that file");
    }
  }

  @Test
  void aUserRetrainedReferenceGivesTheGaps() throws IOException {
    Path data = smallCnnData();
    Path out = dir.resolve("out");
    String model = models.resolve("small-cnn.pt").toString();
    assertThat(run(request(model, "idx", data, out, "  method: finetune\n  reference: {model: {uri: " + model
        + "}}\n"))).as(err.toString()).isZero();
    JsonNode result = result(out);
    assertThat(result.at("/reference/kind").asText()).isEqualTo("user-model");
    assertThat(result.at("/reference/source").asText()).isEqualTo(model);
    // The reference is the untouched input here, so the gaps are the unlearned model's distance from the original.
    assertThat(result.at("/retrained")).isEqualTo(result.at("/original"));
    assertThat(result.at("/gaps/average").isNumber()).isTrue();
  }
}
