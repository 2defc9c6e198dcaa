package dev.unlearning.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README stays an entrance: its first lines are exactly the two set-up commands (build and run the embedded
 * default; run the tests, which is what .ci/run runs), and the rest fits in about 200 lines, details living in docs/.
 */
class ReadmeShapeTest {

  @Test
  void startsWithTheTwoSetUpCommandsAndStaysShort() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    assertThat(lines.subList(0, 6)).containsExactly("# unlearning-operator", "", "```bash",
        "mvn -B -q package -DskipTests && java -jar target/quarkus-app/quarkus-run.jar run -f k8s/unlearn-local.yaml",
        "mvn -B verify", "```");
    assertThat(lines).as("README.md lines; details belong in docs/").hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws IOException {
    assertThat(Files.readString(Path.of(".ci/run"))).contains("mvn -B verify");
  }
}
