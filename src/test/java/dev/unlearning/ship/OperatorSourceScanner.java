package dev.unlearning.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds, in Java source, the Kubernetes API permissions the code needs: the Java Operator SDK constructs it uses
 * (reconciler, informers, dependent resources, UpdateControl), {@code @RBACRule} annotations and Fabric8 client
 * call chains. A heuristic, kept honest by {@code RbacTest}: anything it finds must be in the test's table and in
 * config/rbac.
 */
final class OperatorSourceScanner {

  /** A kind the scanner knows: its Fabric8 model class, its Fabric8 DSL method (if any), group and plural. */
  private record Kind(String modelClass, String dslMethod, String group, String plural) {}

  private static final List<Kind> KNOWN = List.of(
      new Kind("UnlearningRequest", null, "unlearning.dev", "unlearningrequests"),
      new Kind("Job", "jobs", "batch", "jobs"),
      new Kind("Pod", "pods", "", "pods"),
      new Kind("Event", "events", "", "events"),
      new Kind("ConfigMap", "configMaps", "", "configmaps"),
      new Kind("Secret", "secrets", "", "secrets"),
      new Kind("Service", "services", "", "services"),
      new Kind("ServiceAccount", "serviceAccounts", "", "serviceaccounts"),
      new Kind("PersistentVolumeClaim", "persistentVolumeClaims", "", "persistentvolumeclaims"),
      new Kind("Lease", "leases", "coordination.k8s.io", "leases"));

  private static final Pattern RECONCILER = Pattern.compile("implements\\s+[^{]*\\bReconciler<(\\w+)>");
  private static final Pattern CLEANER = Pattern.compile("implements\\s+[^{]*\\bCleaner<");
  private static final Pattern UPDATE_CONTROL = Pattern.compile(
      "UpdateControl\\s*\\.\\s*(patchStatus|updateStatus|patchResource|updateResource|patchResourceAndStatus|updateResourceAndStatus)\\b");
  private static final Pattern CACHE_UTILS = Pattern.compile("PrimaryUpdateAndCacheUtils\\s*\\.\\s*(?:<[^>]*>)?(\\w+)\\(");
  private static final Pattern BLOCK_OWNER_DELETION = Pattern.compile("withBlockOwnerDeletion\\(\\s*true\\s*\\)");
  private static final Pattern DEPENDENT = Pattern.compile("extends\\s+(CRUD)?KubernetesDependentResource<(\\w+)\\s*,");
  private static final Pattern INFORMER = Pattern.compile("InformerEventSourceConfiguration\\s*\\.\\s*from\\(\\s*(\\w+)\\.class");
  private static final Pattern RBAC_RULE = Pattern.compile("@RBACRule\\(([^)]*)\\)");
  private static final Pattern RBAC_ATTR = Pattern.compile("(apiGroups|resources|verbs)\\s*=\\s*(\\{[^}]*\\}|\"[^\"]*\")");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern DSL_CALL = Pattern.compile("\\.(\\w+)\\(\\)");
  private static final Pattern VERB_CALL = Pattern.compile(
      "\\.(create|createOrReplace|delete|patch|edit|serverSideApply|update|replace|get|list|watch|inform)\\(");

  private OperatorSourceScanner() {}

  /** Permissions needed by all {@code .java} files under {@code dir}, each with where it was found. */
  static Map<Permission, String> scan(Path dir) {
    Map<Permission, String> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        scanSource(dir.relativize(file).toString(), Manifests.read(file), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Whether some file under {@code dir} implements a JOSDK Reconciler. */
  static boolean hasReconciler(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .anyMatch(f -> RECONCILER.matcher(Manifests.read(f)).find());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void scanSource(String where, String source, Map<Permission, String> out) {
    String code = stripComments(source);
    Matcher reconciler = RECONCILER.matcher(code);
    String[] primary = null;
    if (reconciler.find()) {
      primary = kind(reconciler.group(1));
      add(out, where, "informer of the primary resource", primary, "get", "list", "watch");
    }
    if (primary == null) {
      primary = kind("UnlearningRequest");
    }
    if (CLEANER.matcher(code).find()) {
      add(out, where, "Cleaner: finalizer added and removed", primary, "patch", "update");
    }
    Matcher control = UPDATE_CONTROL.matcher(code);
    while (control.find()) {
      String m = control.group(1);
      String verb = m.startsWith("patch") ? "patch" : "update";
      if (m.endsWith("Status")) {
        add(out, where, "UpdateControl." + m, sub(primary, "status"), verb);
      }
      if (m.contains("Resource")) {
        add(out, where, "UpdateControl." + m, primary, verb);
      }
    }
    Matcher cacheUtils = CACHE_UTILS.matcher(code);
    while (cacheUtils.find()) {
      String m = cacheUtils.group(1);
      String reason = "PrimaryUpdateAndCacheUtils." + m;
      if (m.contains("Status")) {
        add(out, where, reason, sub(primary, "status"), m.startsWith("update") ? "update" : "patch");
      } else if (m.startsWith("update")) {
        add(out, where, reason, primary, "get", "update");
      } else {
        add(out, where, reason, primary, "get", "patch"); // finalizers, conflict-retrying patches
      }
    }
    if (BLOCK_OWNER_DELETION.matcher(code).find()) {
      add(out, where, "owner reference with blockOwnerDeletion=true", sub(primary, "finalizers"), "update");
    }
    Matcher dependent = DEPENDENT.matcher(code);
    if (dependent.find()) {
      String[] kind = kind(dependent.group(2));
      add(out, where, "dependent resource informer", kind, "get", "list", "watch");
      boolean crud = dependent.group(1) != null;
      if (crud || code.matches("(?s).*\\bCreator<.*")) {
        add(out, where, "dependent resource Creator", kind, "create");
      }
      if (crud || code.matches("(?s).*\\bUpdater<.*")) {
        add(out, where, "dependent resource Updater", kind, "patch", "update");
      }
      if (crud || code.matches("(?s).*\\b(Deleter|GarbageCollected)<.*")) {
        add(out, where, "dependent resource Deleter", kind, "delete");
      }
    }
    Matcher informer = INFORMER.matcher(code);
    while (informer.find()) {
      add(out, where, "informer event source", kind(informer.group(1)), "get", "list", "watch");
    }
    Matcher rule = RBAC_RULE.matcher(code);
    while (rule.find()) {
      Map<String, List<String>> attrs = new LinkedHashMap<>();
      Matcher attr = RBAC_ATTR.matcher(rule.group(1));
      while (attr.find()) {
        attrs.put(attr.group(1), QUOTED.matcher(attr.group(2)).results().map(r -> r.group(1)).toList());
      }
      for (String group : attrs.getOrDefault("apiGroups", List.of(""))) {
        for (String resource : attrs.getOrDefault("resources", List.of())) {
          add(out, where, "@RBACRule", new String[] {group, resource},
              attrs.getOrDefault("verbs", List.of()).toArray(String[]::new));
        }
      }
    }
    for (String statement : code.split(";")) {
      scanStatement(where, statement, out);
    }
  }

  // A Fabric8 call chain: client.v1().events().inNamespace(ns).resource(e).create()
  private static void scanStatement(String where, String statement, Map<Permission, String> out) {
    String s = statement.replaceAll("\\s+", "");
    String[] resource = null;
    Matcher dsl = DSL_CALL.matcher(s);
    while (dsl.find() && resource == null) {
      String method = dsl.group(1);
      resource = KNOWN.stream().filter(k -> method.equals(k.dslMethod()))
          .map(k -> new String[] {k.group(), k.plural()}).findFirst().orElse(null);
    }
    if (resource == null) {
      return;
    }
    if (resource[1].equals("events") && s.contains(".events().v1().events()")) {
      resource = new String[] {"events.k8s.io", "events"};
    }
    Matcher verb = VERB_CALL.matcher(s);
    while (verb.find()) {
      String reason = "client call ." + verb.group(1) + "()";
      switch (verb.group(1)) {
        case "create" -> add(out, where, reason, resource, "create");
        case "createOrReplace" -> add(out, where, reason, resource, "create", "update");
        case "delete" -> add(out, where, reason, resource, "delete");
        case "patch", "edit", "serverSideApply" -> add(out, where, reason, resource, "patch");
        case "update", "replace" -> add(out, where, reason, resource, "update");
        case "get" -> add(out, where, reason, resource, "get");
        case "list" -> add(out, where, reason, resource, "list");
        case "watch", "inform" -> add(out, where, reason, resource, "list", "watch");
        default -> throw new IllegalStateException(verb.group(1));
      }
    }
  }

  private static String[] kind(String className) {
    return KNOWN.stream().filter(k -> k.modelClass().equals(className))
        .map(k -> new String[] {k.group(), k.plural()}).findFirst().orElse(new String[] {"?", className});
  }

  private static String[] sub(String[] kind, String subresource) {
    return new String[] {kind[0], kind[1] + "/" + subresource};
  }

  private static void add(Map<Permission, String> out, String where, String reason, String[] kind, String... verbs) {
    for (String verb : verbs) {
      out.putIfAbsent(Permission.of(kind[0], kind[1], verb), where + ": " + reason);
    }
  }

  private static String stripComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
  }
}
