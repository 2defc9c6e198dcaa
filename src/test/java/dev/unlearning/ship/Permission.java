package dev.unlearning.ship;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One API permission: group ("" for core), resource (with subresource, e.g. {@code unlearningrequests/status}),
 * verb, and optionally the one object name it is needed for.
 */
record Permission(String group, String resource, String verb, String name) {

  static Permission of(String group, String resource, String verb) {
    return new Permission(group, resource, verb, null);
  }

  /** Whether one rule of a Role or ClusterRole grants this permission. */
  boolean grantedBy(JsonNode rule) {
    List<String> names = Manifests.texts(rule.path("resourceNames"));
    return Manifests.texts(rule.path("apiGroups")).contains(group)
        && Manifests.texts(rule.path("resources")).contains(resource)
        && Manifests.texts(rule.path("verbs")).contains(verb)
        && (names.isEmpty() || (name != null && names.contains(name)));
  }

  boolean grantedByAny(JsonNode role) {
    for (JsonNode rule : role.path("rules")) {
      if (grantedBy(rule)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb + (name == null ? "" : " (" + name + ")");
  }
}
