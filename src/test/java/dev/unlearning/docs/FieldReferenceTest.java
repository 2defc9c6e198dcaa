package dev.unlearning.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/reference.md is what the committed CRDs say. */
class FieldReferenceTest {

  static final String REGENERATE = "docs/reference.md is stale: regenerate it with `mvn -o -q test-compile && java -cp "
      + "\"target/test-classes:$(mvn -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)\" "
      + "dev.unlearning.docs.FieldReference` and commit it";

  @Test
  void theCommittedReferenceIsTheOneTheCrdsMake() throws IOException {
    assertThat(Files.readString(FieldReference.PAGE)).as(REGENERATE)
        .isEqualTo(FieldReference.render(FieldReference.CRDS));
  }

  @Test
  void everyFieldIsThereWithWhatTheApiServerEnforces() throws IOException {
    String page = FieldReference.render(FieldReference.CRDS);
    assertThat(page).contains("| `spec.forget.fraction` | number |", "| `spec.classWeights` | array of number |")
        .contains("rule: every class weight must be >= 0", "| `status.conditions[].type` | string | required |");
  }
}
