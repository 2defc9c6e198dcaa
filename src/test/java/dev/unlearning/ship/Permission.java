package dev.unlearning.ship;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * One API permission: group ("" for core), resource (with subresource, e.g. {@code unlearningrequests/status}),
 * verb, and the object name when the call names one.
 */
public record Permission(String group, String resource, String verb, String name) {

  static Permission of(String group, String resource, String verb) {
    return new Permission(group, resource, verb, null);
  }

  /**
   * The permission an API server checks for an HTTP call, as Kubernetes' request-info resolver derives it:
   * {@code /api/v1/...} is the core group, {@code /apis/<group>/<version>/...} a named one; a GET without a name is
   * a list, or a watch with {@code watch=true}.
   */
  public static Permission ofCall(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    boolean watch = q >= 0 && Arrays.asList(pathAndQuery.substring(q + 1).split("&")).contains("watch=true");
    List<String> parts = Arrays.asList(path.replaceFirst("^/", "").split("/"));
    String group;
    List<String> rest;
    if (parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.get(0).equals("apis") && parts.size() > 3) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      throw new IllegalArgumentException("not a resource call: " + method + " " + pathAndQuery);
    }
    if (rest.get(0).equals("namespaces") && rest.size() > 2) {
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
    String name = rest.size() > 1 ? rest.get(1) : null;
    String verb = switch (method) {
      case "GET" -> name != null ? "get" : watch ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unexpected method " + method + " " + pathAndQuery);
    };
    return new Permission(group, resource, verb, verb.equals("create") ? null : name);
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
