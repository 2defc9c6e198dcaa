package dev.unlearning.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The UnlearningRequest CRD as the build bundles it: the committed {@code crds/} file, which CrdIsCommittedTest keeps
 * equal to the one the build generates, at the class-path root. One schema for {@code kubectl apply} and for the
 * requests that never meet an API server ({@code run -f}, the worker, the engine).
 */
public final class CrdSchema {

  public static final String RESOURCE = "/unlearningrequests.unlearning.dev-v1.yml";

  private CrdSchema() {}

  /** The openAPIV3Schema of the CRD's version, read from the class path. */
  public static JsonNode openApi() {
    try (InputStream in = CrdSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the CRD " + RESOURCE + " is not on the class path: build with Maven");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in).at("/spec/versions/0/schema/openAPIV3Schema");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema of the spec. */
  public static JsonNode spec() {
    return openApi().path("properties").path("spec");
  }
}
