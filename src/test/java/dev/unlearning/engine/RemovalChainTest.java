package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.ForgetSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.split.ForgetSplit;
import dev.unlearning.engine.stage.SplitStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removals over time, locally: each run unlearns the previous run's output (spec.model.fromOutput), and its forget
 * set is its own plus every earlier one, so no earlier removal is in the retain set it fine-tunes on.
 */
class RemovalChainTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  Path pvc;

  private UnlearningRequestSpec request(String removal, String fromOutput, String output) throws IOException {
    Files.writeString(pvc.resolve("requests/" + output + ".txt"), removal);
    UnlearningRequestSpec spec = TestData.spec(pvc.resolve("datasets/tiny"), tmp, 3);
    spec.getDataset().setUri("pvc://datasets/tiny");
    spec.getModel().setArchitecture(null);
    if (fromOutput == null) {
      spec.getModel().setUri("pvc://models/tiny-cnn.pt");
    } else {
      spec.getModel().setFromOutput(fromOutput);
    }
    ForgetSpec forget = new ForgetSpec();
    forget.setIndicesFile("pvc://requests/" + output + ".txt");
    spec.setForget(forget);
    spec.getOutput().setUri("pvc://results/" + output);
    return spec;
  }

  private JsonNode result(String output) throws IOException {
    return JSON.readTree(pvc.resolve("results/" + output + "/result.json").toFile());
  }

  /** A claim root with a 120-image dataset, the TorchScript CNN and a folder for the removal lists. */
  private UnlearningPipeline claims() throws IOException {
    pvc = tmp.resolve("pvc");
    new TestData(3, 12, 120, 30, 0.0, 5).writeIdx(pvc.resolve("datasets/tiny"), false);
    Files.createDirectories(pvc.resolve("models"));
    Files.createDirectories(pvc.resolve("requests"));
    Files.copy(TestData.TINY_CNN, pvc.resolve("models/tiny-cnn.pt"));
    return new UnlearningPipeline(pvc, ProgressListener.NONE);
  }

  @Test
  void threeRemovalsForgetCumulativelyAndNoRetainSetHoldsAnEarlierOne() throws IOException {
    UnlearningPipeline pipeline = claims();

    pipeline.run(request("3\n4\n50\n", null, "run-1"));
    UnlearningResult second = pipeline.run(request("10\n11\n", "pvc://results/run-1", "run-2"));
    UnlearningResult third = pipeline.run(request("20\n4\n", "pvc://results/run-2/", "run-3"));

    assertThat(Files.readString(pvc.resolve("results/run-2/forget-indices.txt"))).isEqualTo("3\n4\n10\n11\n50\n");
    assertThat(Files.readString(pvc.resolve("results/run-3/forget-indices.txt")))
        .isEqualTo("3\n4\n10\n11\n20\n50\n");
    assertThat(second.summary().getForgetSize()).isEqualTo(5);
    assertThat(second.summary().getRetainSize()).isEqualTo(115);
    // Run 3 repeats sample 4 (already forgotten by run 1): counted once.
    assertThat(third.summary().getForgetSize()).isEqualTo(6);
    assertThat(third.summary().getRetainSize()).isEqualTo(114);
    JsonNode r2 = result("run-2");
    assertThat(r2.at("/forget/parent").asText()).isEqualTo("pvc://results/run-1");
    assertThat(r2.at("/forget/inheritedForgetSize").asInt()).isEqualTo(3);
    assertThat(r2.at("/model/source").asText()).isEqualTo("pvc://results/run-1/model.pt");
    JsonNode r3 = result("run-3");
    assertThat(r3.at("/forget/parent").asText()).isEqualTo("pvc://results/run-2/");
    assertThat(r3.at("/forget/inheritedForgetSize").asInt()).as("5 earlier, sample 4 among them").isEqualTo(4);
    assertThat(result("run-1").at("/forget/parent").isMissingNode()).isTrue();
  }

  @Test
  void theRetainSetExcludesEveryInheritedSample() throws IOException {
    TestData data = new TestData(3, 12, 60, 10, 0.0, 5);
    Path parent = tmp.resolve("forget-indices.txt");
    Files.writeString(parent, "1\n2\n30\n");
    ForgetSpec own = new ForgetSpec();
    own.setClasses(java.util.List.of(0));
    SplitStage.Split split = SplitStage.split(own, data.train(), null, parent, "parent");
    int[] retain = split.sets().retain();
    assertThat(IntStream.of(retain).filter(i -> i == 1 || i == 2 || i == 30).count()).isZero();
    ForgetSplit alone = ForgetSplit.byClasses(60, data.train()::label, java.util.List.of(0));
    assertThat(split.sets().forget()).contains(1, 2, 30).contains(alone.forget());
    assertThat(split.inherited()).isEqualTo((int) IntStream.of(1, 2, 30)
        .filter(i -> Arrays.binarySearch(alone.forget(), i) < 0).count());
  }

  @Test
  void anOutputWithoutResultJsonIsNotAParentAndAnUnreadableParentListIsNamed() throws IOException {
    UnlearningPipeline pipeline = claims();
    Files.createDirectories(pvc.resolve("results/half"));
    assertThatThrownBy(() -> pipeline.run(request("1\n", "pvc://results/half", "next")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("spec.model.fromOutput: pvc://results/half holds no result.json, so it is not the complete output"
            + " of an earlier run");
    Files.writeString(pvc.resolve("results/half/result.json"), "{}");
    Files.copy(TestData.TINY_CNN, pvc.resolve("results/half/model.pt"));
    Files.writeString(pvc.resolve("results/half/forget-indices.txt"), "7\n9999\n");
    assertThatThrownBy(() -> pipeline.run(request("1\n", "pvc://results/half", "next")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("spec.model.fromOutput: ").hasMessageContaining("line 2 has index 9999");
  }
}
