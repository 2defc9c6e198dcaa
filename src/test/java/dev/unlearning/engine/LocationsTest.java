package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline reads and writes only through its {@link Locations}, and publishes the output once it is complete. */
class LocationsTest {

  @TempDir
  Path tmp;

  /** Local locations that record every call, and whether result.json existed when publish was called. */
  static final class Recording implements Locations {
    final Locations local;
    final List<String> calls = new ArrayList<>();
    boolean completeWhenPublished;

    Recording(Path pvcRoot) {
      local = Locations.local(pvcRoot);
    }

    @Override
    public Path input(String field, String uri) {
      calls.add("input " + field);
      return local.input(field, uri);
    }

    @Override
    public Path outputDir(String field, String uri) {
      calls.add("outputDir " + field);
      return local.outputDir(field, uri);
    }

    @Override
    public Optional<byte[]> outputFile(String field, String uri, String name) {
      calls.add("outputFile " + field + " " + name);
      return local.outputFile(field, uri, name);
    }

    @Override
    public void publish(String field, String uri, Path localDir) {
      calls.add("publish " + field + " " + uri);
      completeWhenPublished = Files.exists(localDir.resolve(UnlearningPipeline.RESULT_JSON));
    }
  }

  @Test
  void inputsResolveBeforeLoadingAndOutputIsPublishedWhenComplete() throws IOException {
    Path pvc = tmp.resolve("pvc");
    new TestData(3, 12, 60, 30, 0, 4).writeIdx(pvc.resolve("data/tiny"), false);
    Files.writeString(pvc.resolve("data/forget.txt"), "1\n2\n");
    UnlearningRequestSpec spec = TestData.spec(pvc, tmp, 3);
    spec.getDataset().setUri("pvc://data/tiny");
    spec.getForget().setFraction(null);
    spec.getForget().setIndicesFile("pvc://data/forget.txt");
    spec.getOutput().setUri("pvc://results/run");
    Recording locations = new Recording(pvc);

    UnlearningResult result = new UnlearningPipeline(locations, null).run(spec);

    // Whose output the location holds is read first, before anything is loaded (OutputClaim).
    assertThat(locations.calls).containsExactly("outputFile spec.output.uri result.json", "input spec.dataset.uri",
        "outputDir spec.output.uri", "input spec.forget.indicesFile", "publish spec.output.uri pvc://results/run");
    assertThat(locations.completeWhenPublished).isTrue();
    assertThat(result.outputDir()).isEqualTo(pvc.resolve("results/run"));
    assertThat(result.summary().getForgetSize()).isEqualTo(2);
  }

  @Test
  void failedRunPublishesNothing() throws IOException {
    Path pvc = tmp.resolve("pvc");
    new TestData(3, 12, 60, 30, 0, 4).writeIdx(pvc.resolve("data/tiny"), false);
    UnlearningRequestSpec spec = TestData.spec(pvc.resolve("data/tiny"), pvc.resolve("out"), 3);
    spec.getModel().setNumClasses(2); // the data has label 2
    spec.setClassWeights(null);
    Recording locations = new Recording(pvc);

    assertThatThrownBy(() -> new UnlearningPipeline(locations, null).run(spec))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.exitCode()).isEqualTo(WorkerExitCode.INVALID_INPUT))
        .hasMessageContaining("spec.model.numClasses");
    assertThat(locations.calls).noneMatch(c -> c.startsWith("publish"));
  }
}
