package dev.unlearning.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads the shipped manifests: plain YAML files, kustomization trees, or `kubectl kustomize` output. */
final class Manifests {

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final Path ROOT = Path.of("").toAbsolutePath();

  private Manifests() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All documents of a (multi-document) YAML text, empty documents skipped. */
  static List<JsonNode> parseAll(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static JsonNode parseOne(Path file) {
    List<JsonNode> docs = parseAll(read(file));
    if (docs.size() != 1) {
      throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected 1");
    }
    return docs.get(0);
  }

  /**
   * The objects a kustomization directory lists, read without kubectl: follows {@code resources} into files and
   * directories. Transformations (namespace, images, labels) are not applied.
   */
  static List<JsonNode> rawTree(Path dir) {
    Path kustomization = dir.resolve("kustomization.yaml");
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode resource : parseOne(kustomization).path("resources")) {
      Path target = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(target)) {
        out.addAll(rawTree(target));
      } else {
        out.addAll(parseAll(read(target)));
      }
    }
    return out;
  }

  static Optional<Path> kubectl() {
    String pathVar = System.getenv("PATH");
    if (pathVar == null) {
      return Optional.empty();
    }
    return Stream.of(pathVar.split(File.pathSeparator))
        .map(p -> Path.of(p, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Output of {@code kubectl kustomize dir}; fails with kubectl's error text. */
  static String kustomize(Path kubectl, Path dir) {
    try {
      Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
          .redirectErrorStream(false)
          .start();
      var stdout = p.getInputStream().readAllBytes();
      var stderr = p.getErrorStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + new String(stderr, StandardCharsets.UTF_8));
      }
      return new String(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  static JsonNode single(List<JsonNode> docs, String kind) {
    List<JsonNode> found = ofKind(docs, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
