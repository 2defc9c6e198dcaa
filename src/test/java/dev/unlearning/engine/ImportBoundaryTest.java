package dev.unlearning.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training code stays free of Kubernetes classes and the operator code free of DJL. */
class ImportBoundaryTest {

  static final Path MAIN = Path.of("src/main/java/dev/unlearning");
  static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

  @Test
  void engineImportsNoKubernetesClasses() throws IOException {
    assertThat(violations(MAIN.resolve("engine"), List.of("io.fabric8.", "io.javaoperatorsdk.", "io.quarkiverse.operatorsdk.")))
        .isEmpty();
  }

  @Test
  void operatorAndRequestModelImportNoDjl() throws IOException {
    for (String pkg : List.of("operator", "api")) {
      assertThat(violations(MAIN.resolve(pkg), List.of("ai.djl."))).as(pkg).isEmpty();
    }
  }

  @Test
  void detectorSeesForbiddenImportsInFullyQualifiedUseToo() {
    assertThat(forbidden("import io.fabric8.kubernetes.api.model.Pod;\nclass A {}", List.of("io.fabric8.")))
        .containsExactly("io.fabric8.kubernetes.api.model.Pod");
    assertThat(forbidden("class A { ai.djl.Model m; }", List.of("ai.djl."))).containsExactly("ai.djl.");
    assertThat(forbidden("import java.util.List;", List.of("ai.djl."))).isEmpty();
  }

  private static List<String> violations(Path root, List<String> prefixes) throws IOException {
    // A renamed or moved package fails here rather than passing with nothing to check.
    assertThat(root).isDirectory();
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String v : forbidden(Files.readString(f), prefixes)) {
          out.add(f + ": " + v);
        }
      }
    }
    return out;
  }

  /** Forbidden imports, and fully qualified uses of a forbidden package outside import lines. */
  static List<String> forbidden(String source, List<String> prefixes) {
    List<String> out = new ArrayList<>();
    Matcher m = IMPORT.matcher(source);
    while (m.find()) {
      String name = m.group(2);
      if (prefixes.stream().anyMatch(name::startsWith)) {
        out.add(name);
      }
    }
    String body = IMPORT.matcher(source).replaceAll("");
    for (String p : prefixes) {
      if (body.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
