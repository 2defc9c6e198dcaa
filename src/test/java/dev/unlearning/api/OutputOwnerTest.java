package dev.unlearning.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which runs count as the same request, so that one may replace the other's output. */
class OutputOwnerTest {

  @Test
  void inAClusterTheRequestObjectDecides() {
    UnlearningRequestSpec spec = spec(0.1);
    OutputOwner a = OutputOwner.cluster("ml", "forget-a", "uid-1", spec);
    assertThat(a.sameRequest(OutputOwner.cluster("ml", "forget-a", "uid-1", spec(0.2))))
        .as("a retry of the object (its spec is immutable)").isTrue();
    assertThat(a.sameRequest(OutputOwner.cluster("ml", "forget-a", "uid-2", spec))).as("re-created").isFalse();
    assertThat(a.sameRequest(OutputOwner.cluster("ml", "forget-b", "uid-1", spec))).isFalse();
    assertThat(a.sameRequest(OutputOwner.cluster("team", "forget-a", "uid-1", spec))).isFalse();
    assertThat(a.sameRequest(OutputOwner.local("forget-a", "forget-a.yaml", spec))).as("a local run").isFalse();
    // An older operator passes no UID: the namespace, the name and the spec decide.
    assertThat(OutputOwner.cluster("ml", "forget-a", null, spec).sameRequest(a)).isTrue();
    assertThat(OutputOwner.cluster("ml", "forget-a", null, spec(0.2)).sameRequest(a)).isFalse();
  }

  @Test
  void locallyTheRequestNameAndSpecDecideWhereverItWrites() {
    UnlearningRequestSpec spec = spec(0.1);
    OutputOwner a = OutputOwner.local("forget-a", "forget-a.yaml", spec);
    UnlearningRequestSpec elsewhere = spec(0.1);
    elsewhere.setOutput(new OutputSpec("/other"));
    elsewhere.getOutput().setOverwrite(true);
    assertThat(a.sameRequest(OutputOwner.local("forget-a", "copy.yaml", elsewhere)))
        .as("output and file are not the request").isTrue();
    assertThat(a.sameRequest(OutputOwner.local("forget-a", "forget-a.yaml", spec(0.2)))).as("another forget set")
        .isFalse();
    assertThat(a.sameRequest(OutputOwner.local("forget-b", "forget-a.yaml", spec))).isFalse();
    assertThat(a.specSha256()).hasSize(64).isEqualTo(OutputOwner.local("x", null, spec(0.1)).specSha256());
    assertThat(a.describe()).isEqualTo("request forget-a from forget-a.yaml (spec sha256 "
        + a.specSha256().substring(0, 12) + ")");
    assertThat(OutputOwner.cluster("ml", "forget-a", "uid-1", spec).describe()).isEqualTo("request ml/forget-a (uid uid-1)");
  }

  private static UnlearningRequestSpec spec(double fraction) {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setForget(new ForgetSpec());
    spec.getForget().setFraction(fraction);
    spec.setClassWeights(List.of(1.0, 0.5));
    spec.setOutput(new OutputSpec("pvc://results/a"));
    return spec;
  }
}
