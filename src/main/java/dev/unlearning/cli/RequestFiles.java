package dev.unlearning.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.unlearning.api.FieldPath;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Reads requests: a whole {@code UnlearningRequest} YAML (the file users also {@code kubectl apply}) or a bare spec
 * as JSON (what the operator hands the worker). Unknown fields are errors, so a typo never silently falls back to a
 * default.
 */
public final class RequestFiles {

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // 1.5 for an integer field is an error, as at the API server, not a silent 1.
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .build();

  private static final UnaryOperator<String> UNKNOWN_FIELD = path -> path + ": unknown field";

  private RequestFiles() {}

  /** Reads an UnlearningRequest YAML file; every problem is an InvalidInputException naming the file. */
  public static UnlearningRequest readRequest(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("request file " + file + ": not found");
    } catch (IOException e) {
      throw new InvalidInputException("request file " + file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (text.isBlank()) {
      throw new InvalidInputException("request file " + file + ": is empty");
    }
    String source = "request file " + file;
    // The custom resource class fixes kind and apiVersion itself, so check what the file really says first.
    JsonNode tree = parse(text, JsonNode.class, source, "");
    String kind = tree.path("kind").asText(null);
    if (!UnlearningRequest.KIND.equals(kind)) {
      throw new InvalidInputException(source + ": kind must be " + UnlearningRequest.KIND + " (got " + kind + ")");
    }
    String apiVersion = tree.path("apiVersion").asText(null);
    if (!UnlearningRequest.API_VERSION.equals(apiVersion)) {
      throw new InvalidInputException(source + ": apiVersion must be " + UnlearningRequest.API_VERSION
          + " (got " + apiVersion + ")");
    }
    UnlearningRequest request = parse(text, UnlearningRequest.class, source, "");
    if (request.getSpec() == null) {
      throw new InvalidInputException("request file " + file + ": spec is missing");
    }
    return request;
  }

  /** Reads a bare spec given as JSON (JSON is YAML, so the same mapper serves); {@code source} names where it came from. */
  public static UnlearningRequestSpec readSpecJson(String json, String source) {
    return readSpecJson(json, source, UNKNOWN_FIELD);
  }

  /** As {@link #readSpecJson(String, String)}, with the message for an unknown field made from its path. */
  public static UnlearningRequestSpec readSpecJson(String json, String source, UnaryOperator<String> unknownField) {
    if (json == null || json.isBlank()) {
      throw new InvalidInputException(source + ": is empty");
    }
    return parse(json, UnlearningRequestSpec.class, source, "spec", unknownField);
  }

  private static <T> T parse(String text, Class<T> type, String source, String rootPath) {
    return parse(text, type, source, rootPath, UNKNOWN_FIELD);
  }

  private static <T> T parse(String text, Class<T> type, String source, String rootPath,
      UnaryOperator<String> unknownField) {
    try {
      T value = YAML.readValue(text, type);
      if (value == null) {
        throw new InvalidInputException(source + ": holds no document");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidInputException(source + ": " + unknownField.apply(FieldPath.of(rootPath, e)) + where(e.getLocation()));
    } catch (InvalidFormatException e) {
      String wanted = e.getTargetType() == Integer.class || e.getTargetType() == Long.class
          || e.getTargetType() == int.class || e.getTargetType() == long.class ? "an integer"
          : "of type " + (e.getTargetType() == null ? "?" : e.getTargetType().getSimpleName());
      throw new InvalidInputException(source + ": " + FieldPath.of(rootPath, e) + ": must be " + wanted + " (got "
          + e.getValue() + ")" + where(e.getLocation()));
    } catch (JsonMappingException e) {
      throw new InvalidInputException(source + ": " + FieldPath.of(rootPath, e) + ": " + e.getOriginalMessage()
          .replaceAll(" \\(.*", "") + where(e.getLocation()));
    } catch (JacksonException e) {
      throw new InvalidInputException(source + ": not valid YAML/JSON: " + e.getOriginalMessage() + where(e.getLocation()));
    }
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
