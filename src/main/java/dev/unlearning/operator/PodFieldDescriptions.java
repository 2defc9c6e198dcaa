package dev.unlearning.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Map;

/**
 * Descriptions for the Kubernetes types that spec.job passes through to the worker pod (the generator has none for
 * them): each field points at its twin in the pod's own documentation, so {@code kubectl explain} leads there.
 */
final class PodFieldDescriptions {

  /** spec.job field -> where the same type lives in a Pod. */
  static final Map<String, String> ROOTS = Map.of(
      "affinity", "pod.spec.affinity",
      "topologySpreadConstraints", "pod.spec.topologySpreadConstraints",
      "imagePullSecrets", "pod.spec.imagePullSecrets",
      "env", "pod.spec.containers.env",
      "envFrom", "pod.spec.containers.envFrom",
      "volumes", "pod.spec.volumes",
      "volumeMounts", "pod.spec.containers.volumeMounts");

  private PodFieldDescriptions() {}

  static void describe(JSONSchemaProps job) {
    ROOTS.forEach((field, podPath) -> {
      JSONSchemaProps root = job.getProperties().get(field);
      if (root != null) {
        walk(root, podPath);
      }
    });
  }

  private static void walk(JSONSchemaProps node, String path) {
    if (node.getProperties() != null) {
      node.getProperties().forEach((name, child) -> {
        if (child.getDescription() == null) {
          child.setDescription("As in a Pod: see `kubectl explain " + path + "." + name + "`.");
        }
        walk(child, path + "." + name);
      });
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      walk(node.getItems().getSchema(), path);
    }
    if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
      walk(node.getAdditionalProperties().getSchema(), path);
    }
  }
}
