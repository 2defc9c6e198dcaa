package dev.unlearning.operator;

import dev.unlearning.api.UnlearningRequest;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.unlearning.api.DatasetSpec;
import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.ReferenceSpec;
import dev.unlearning.api.ModelSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.Arrays;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Build-time CRD post-processor ({@code quarkus.operator-sdk.crd.post-processor}) for what the generator cannot
 * express: printer columns in the order {@link UnlearningRequest} declares them (the generator sorts them by path,
 * kubectl shows CRD order), conditions as a list keyed by type (like metav1.Condition), descriptions of the
 * fields of the Kubernetes types the model reuses, so {@code kubectl explain} documents every field, and the spec's
 * per-field immutability ({@link ImmutableSpec}). It also carries the label that config/default gives every object,
 * so the CRD is the same whether Kustomize or Helm (which installs a chart's crds/ files as they are) installs it.
 */
public class CrdPostProcessor implements CRDPostProcessor {

  private static final Map<String, String> CONDITION_FIELDS = Map.of(
      "type", "Condition type: Accepted, Scheduled, Running, Complete, Failed, Suspended or OutputShared, and for "
          + "kstatus (Flux, kpt) Ready, Reconciling and Stalled.",
      "status", "True, False or Unknown.",
      "reason", "Machine-readable CamelCase reason of the last change, e.g. InvalidSpec, Unschedulable, OOMKilled.",
      "message", "Human-readable details of the last change.",
      "lastTransitionTime", "When the status last changed (RFC 3339).",
      "observedGeneration", "The metadata.generation the condition was computed for.");

  private static final Map<String, String> TOLERATION_FIELDS = Map.of(
      "key", "Taint key the toleration applies to; empty with operator Exists matches all taints.",
      "operator", "Exists or Equal (default Equal).",
      "value", "Taint value to match with operator Equal.",
      "effect", "Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.",
      "tolerationSeconds", "For NoExecute: how long the pod stays bound after the taint appears.");

  static final Map<String, String> LABELS = Map.of("app.kubernetes.io/part-of", "unlearning-operator");

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    crd.getMetadata().setLabels(LABELS);
    if (crd instanceof CustomResourceDefinition v1) {
      for (CustomResourceDefinitionVersion version : v1.getSpec().getVersions()) {
        orderPrinterColumns(version);
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        JSONSchemaProps conditions = root.getProperties().get("status").getProperties().get("conditions");
        conditions.setXKubernetesListType("map");
        conditions.setXKubernetesListMapKeys(List.of("type"));
        conditions.getItems().getSchema().setRequired(List.of("type", "status"));
        describe(conditions.getItems().getSchema(), CONDITION_FIELDS);
        JSONSchemaProps spec = root.getProperties().get("spec");
        List<ValidationRule> rules = new ArrayList<>(Optional.ofNullable(spec.getXKubernetesValidations()).orElse(List.of()));
        rules.addAll(ImmutableSpec.rules(spec));
        spec.setXKubernetesValidations(rules);
        enumOf(spec.getProperties().get("model").getProperties().get("architecture"), ModelSpec.ARCHITECTURES);
        enumOf(spec.getProperties().get("dataset").getProperties().get("format"), DatasetSpec.FORMATS);
        enumOf(spec.getProperties().get("method"), MethodSettings.METHODS);
        enumOf(spec.getProperties().get("methodSettings").getProperties().get("forgetLoss"), MethodSettings.FORGET_LOSSES);
        enumOf(spec.getProperties().get("methodSettings").getProperties().get("confuseScope"),
            MethodSettings.CONFUSE_SCOPES);
        enumOf(spec.getProperties().get("reference").getProperties().get("initialization"),
            ReferenceSpec.INITIALIZATIONS);
        JSONSchemaProps job = spec.getProperties().get("job");
        describe(job.getProperties().get("tolerations").getItems().getSchema(), TOLERATION_FIELDS);
        PodFieldDescriptions.describe(job);
      }
    }
    return crd;
  }

  // Java strings, so the generator writes no enum; the lists live next to the constants the code uses.
  private static void enumOf(JSONSchemaProps property, List<String> values) {
    property.setEnum(values.stream().map(v -> (JsonNode) TextNode.valueOf(v)).toList());
  }

  private static void orderPrinterColumns(CustomResourceDefinitionVersion version) {
    List<String> declared = Arrays.stream(UnlearningRequest.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
    if (version.getAdditionalPrinterColumns() != null) {
      version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(
          (CustomResourceColumnDefinition c) -> declared.contains(c.getName()) ? declared.indexOf(c.getName()) : declared.size()));
    }
  }

  private static void describe(JSONSchemaProps object, Map<String, String> descriptions) {
    object.getProperties().forEach((name, field) -> {
      if (field.getDescription() == null && descriptions.containsKey(name)) {
        field.setDescription(descriptions.get(name));
      }
    });
  }
}
