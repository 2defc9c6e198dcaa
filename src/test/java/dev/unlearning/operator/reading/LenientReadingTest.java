package dev.unlearning.operator.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.cli.RequestFiles;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's client mapper as Quarkus builds it (a plain ObjectMapper, customized, wrapped in Fabric8's
 * KubernetesSerialization): newer fields are skipped and recorded, an unreadable request becomes a placeholder.
 */
class LenientReadingTest {

  static final String NEWER = """
      {"apiVersion":"unlearning.dev/v1alpha1","kind":"UnlearningRequest",
       "metadata":{"name":"newer","namespace":"ml","uid":"u1","resourceVersion":"7"},
       "spec":{"model":{"architecture":"small-cnn","quantize":{"bits":8}},
               "dataset":{"format":"idx","uri":"pvc://datasets/fmnist"},
               "forget":{"fraction":0.1},"output":{"uri":"pvc://results/newer"},"epochs":3,
               "job":{"gpus":0,"fromVersion99":600,"fromVersion98":null,
                      "tolerations":[{"key":"gpu","operator":"Exists","futureTolerationField":"x"}]}},
       "status":{"phase":"Pending","futureCounter":3},
       "futureTopLevel":{"a":1}}""";

  static final String WRONG_TYPE = """
      {"apiVersion":"unlearning.dev/v1alpha1","kind":"UnlearningRequest",
       "metadata":{"name":"wrong-type","namespace":"ml","uid":"u2","resourceVersion":"8"},
       "spec":{"model":{"architecture":"small-cnn"},"epochs":"many"}}""";

  static final String PLAIN = """
      {"apiVersion":"unlearning.dev/v1alpha1","kind":"UnlearningRequest",
       "metadata":{"name":"plain","namespace":"ml","uid":"u3","resourceVersion":"9"},
       "spec":{"model":{"architecture":"small-cnn"},"epochs":4}}""";

  private final KubernetesSerialization serialization = operatorSerialization();

  static KubernetesSerialization operatorSerialization() {
    ObjectMapper mapper = new ObjectMapper();
    new LenientClientMapper().customize(mapper);
    KubernetesSerialization serialization = new KubernetesSerialization(mapper, false);
    serialization.registerKubernetesResource(UnlearningRequest.class);
    return serialization;
  }

  @Test
  void withoutTheModuleOneNewerFieldFailsTheRead() {
    KubernetesSerialization plain = new KubernetesSerialization(new ObjectMapper(), false);
    assertThatThrownBy(() -> plain.unmarshal(NEWER, UnlearningRequest.class))
        .hasRootCauseInstanceOf(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class);
  }

  @Test
  void newerFieldsAreSkippedAndRecordedWithTheirPaths() {
    UnlearningRequest r = serialization.unmarshal(NEWER, UnlearningRequest.class);
    assertThat(r.readReport().readable()).isTrue();
    // A null field asks for nothing; Kubernetes' own types keep their unknown fields themselves.
    assertThat(r.readReport().unknownFields()).containsExactlyInAnyOrder(
        "spec.model.quantize", "spec.job.fromVersion99", "status.futureCounter", "futureTopLevel");
    assertThat(r.readReport().unknownSpecFields()).containsExactlyInAnyOrder(
        "spec.model.quantize", "spec.job.fromVersion99");
    assertThat(r.getSpec().getEpochs()).isEqualTo(3);
    assertThat(r.getSpec().getJob().getGpus()).isZero();
    assertThat(r.getSpec().getOutput().getUri()).isEqualTo("pvc://results/newer");
    assertThat(r.getSpec().getJob().getTolerations().get(0).getAdditionalProperties())
        .containsEntry("futureTolerationField", "x");
    assertThat(r.getStatus().getPhase()).hasToString("Pending");
  }

  @Test
  void aFieldOfAnotherTypeMakesAPlaceholderThatNamesIt() {
    UnlearningRequest r = serialization.unmarshal(WRONG_TYPE, UnlearningRequest.class);
    assertThat(r.readReport().readable()).isFalse();
    assertThat(r.readReport().unreadable()).startsWith("spec.epochs: ").contains("Integer").contains("many");
    assertThat(r.getMetadata().getName()).isEqualTo("wrong-type");
    assertThat(r.getMetadata().getResourceVersion()).isEqualTo("8");
    assertThat(r.getSpec()).isNull();
    assertThat(r.getStatus()).isNull();
  }

  @Test
  void oneUnreadableItemDoesNotFailTheInformersList() {
    String list = "{\"apiVersion\":\"unlearning.dev/v1alpha1\",\"kind\":\"UnlearningRequestList\","
        + "\"metadata\":{\"resourceVersion\":\"10\"},\"items\":[" + NEWER + "," + WRONG_TYPE + "," + PLAIN + "]}";
    KubernetesResourceList<UnlearningRequest> items = serialization.unmarshal(
        new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
        new TypeReference<DefaultKubernetesResourceList<UnlearningRequest>>() {});
    assertThat(items.getItems()).extracting(i -> i.getMetadata().getName()).containsExactly("newer", "wrong-type", "plain");
    assertThat(items.getItems()).extracting(i -> i.readReport().readable()).containsExactly(true, false, true);
    assertThat(items.getItems().get(2).getSpec().getEpochs()).isEqualTo(4);
    assertThat(items.getItems().get(2).readReport().unknownFields()).isEmpty();
  }

  @Test
  void withoutReadableMetadataTheReadStillFails() {
    assertThatThrownBy(() -> serialization.unmarshal(
        "{\"apiVersion\":\"unlearning.dev/v1alpha1\",\"kind\":\"UnlearningRequest\",\"metadata\":\"x\",\"spec\":{\"epochs\":\"many\"}}",
        UnlearningRequest.class))
        .hasRootCauseInstanceOf(MismatchedInputException.class);
  }

  @Test
  void aCloneKeepsTheKnownFieldsButNotTheReport() {
    // Why the reconciler takes the report from the cached object: the SDK's clone serializes and reads again.
    UnlearningRequest cached = serialization.unmarshal(NEWER, UnlearningRequest.class);
    UnlearningRequest clone = serialization.clone(cached);
    assertThat(clone.getSpec().getEpochs()).isEqualTo(3);
    assertThat(clone.readReport().unknownFields()).isEmpty();
    assertThat(serialization.asJson(cached)).doesNotContain("readReport").doesNotContain("fromVersion99");
  }

  @Test
  void localRequestFilesStayStrictForTheSameField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("newer.yaml");
    Files.writeString(file, """
        apiVersion: unlearning.dev/v1alpha1
        kind: UnlearningRequest
        metadata: {name: newer}
        spec:
          model: {architecture: small-cnn}
          job:
            gpus: 0
            fromVersion99: 600
        """);
    assertThatThrownBy(() -> RequestFiles.readRequest(file))
        .hasMessageStartingWith("request file " + file + ": spec.job.fromVersion99: unknown field (line 8, column");
  }
}
