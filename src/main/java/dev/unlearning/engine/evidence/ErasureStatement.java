package dev.unlearning.engine.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ResultGaps;
import java.util.List;
import java.util.Map;

/**
 * The evidence record's payload: an in-toto Statement v1 (in-toto/attestation spec/v1/statement.md) whose subject is
 * the unlearned model file and whose predicate ({@value #PREDICATE_TYPE}) says which request ran which process on which
 * inputs, and what it measured. Digests are in-toto DigestSets ({@code {"sha256": hex}}); field by field in
 * docs/evidence.md.
 */
@JsonPropertyOrder({"_type", "subject", "predicateType", "predicate"})
public record ErasureStatement(@JsonProperty("_type") String type, List<Subject> subject, String predicateType,
    Predicate predicate) {

  public static final String TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://unlearning.dev/erasure-evidence/v1";

  public ErasureStatement(Subject subject, Predicate predicate) {
    this(TYPE, List.of(subject), PREDICATE_TYPE, predicate);
  }

  public record Subject(String name, Map<String, String> digest) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Predicate(Request request, Spec spec, Model model, Dataset dataset, Forget forget, Output output,
      Worker worker, String startedOn, String finishedOn, Measurements measurements, Acceptance acceptance,
      Signing signing) {}

  /** The request: namespace, name, UID and generation in a cluster; name and file locally. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(String namespace, String name, String uid, Long generation, String file) {}

  /** The spec as applied: its digest (as result.json's owner has it), the method and its effective settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(Map<String, String> digest, String digestOf, String method, Object settings,
      Object methodSettings) {}

  /** The input model: its location and digest, or the built-in architecture the worker trained itself. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(String uri, Map<String, String> digest, String architecture, Integer pretrainEpochs,
      Parent parentEvidence) {}

  /** An earlier run's record found next to the input model, and whether its subject is this input. */
  public record Parent(String uri, Map<String, String> digest, boolean subjectMatches) {}

  public record Dataset(String uri, String format, Map<String, String> digest, String digestOf, int files, long bytes,
      int trainSize, int testSize) {}

  /** The forget set, by keyed digest (hmac-sha256) or, unkeyed, plain sha256 of forget-indices.txt. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Forget(String mode, int size, int retainSize, Map<String, String> digest, boolean keyed, String keyId,
      String digestOf, String note) {}

  /** Where the model went: published at spec.output.uri, or kept at its .rejected sibling. */
  public record Output(String uri, boolean published, String model, String format) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Worker(String version, String operatorVersion, String image, String device) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Measurements(Accuracies original, Accuracies unlearned, Accuracies retrained, ResultGaps gaps,
      int retainSize, int forgetSize, int testSize) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Acceptance(String verdict, AcceptanceSpec thresholds, List<AcceptanceGate.Check> checks) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Signing(boolean signed, String keyId, String algorithm, String note) {}
}
