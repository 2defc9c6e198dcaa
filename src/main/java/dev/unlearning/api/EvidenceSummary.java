package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where a run's evidence record is and what it says in short: reported by the worker in its termination message and
 * copied by the operator into status.evidence, with the image digest that only the kubelet knows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EvidenceSummary {

  public static final String ACCEPTED = "Accepted";
  public static final String REJECTED = "Rejected";
  public static final String NOT_GATED = "NotGated";

  @JsonPropertyDescription("Where the evidence record is: evidence.intoto.jsonl at spec.output.uri, or at <spec.output.uri>.rejected beside the kept model when the acceptance gate refused it.")
  private String uri;

  @JsonPropertyDescription("SHA-256 of the record file as written (hex).")
  private String sha256;

  @JsonPropertyDescription("True when the record is a signed DSSE envelope (spec.evidence.signingKey); false when it was written unsigned.")
  private Boolean signed;

  @JsonPropertyDescription("The signing key's id, also the envelope's keyid: SHA-256 (hex) of its public key in DER (SubjectPublicKeyInfo), e.g. `openssl pkey -pubin -in cosign.pub -outform DER | sha256sum`.")
  private String keyId;

  @JsonPropertyDescription("The acceptance gate's verdict: Accepted, Rejected (the model missed spec.acceptance and was not published) or NotGated (no spec.acceptance).")
  private String verdict;

  @JsonPropertyDescription("Each threshold of spec.acceptance with the measured value and whether it was met.")
  private String checks;

  @JsonPropertyDescription("Where the unlearned model is: at spec.output.uri, or kept for inspection at <spec.output.uri>.rejected.")
  private String modelUri;

  @JsonPropertyDescription("SHA-256 of the model file (hex), the record's subject.")
  private String modelSha256;

  @JsonPropertyDescription("The worker image as the Job names it.")
  private String workerImage;

  @JsonPropertyDescription("The image the kubelet ran, with its digest (the worker container's status imageID). Known only to the operator, so it is here and not in the record.")
  private String workerImageID;

  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
  public String getSha256() { return sha256; }
  public void setSha256(String sha256) { this.sha256 = sha256; }
  public Boolean getSigned() { return signed; }
  public void setSigned(Boolean signed) { this.signed = signed; }
  public String getKeyId() { return keyId; }
  public void setKeyId(String keyId) { this.keyId = keyId; }
  public String getVerdict() { return verdict; }
  public void setVerdict(String verdict) { this.verdict = verdict; }
  public String getChecks() { return checks; }
  public void setChecks(String checks) { this.checks = checks; }
  public String getModelUri() { return modelUri; }
  public void setModelUri(String modelUri) { this.modelUri = modelUri; }
  public String getModelSha256() { return modelSha256; }
  public void setModelSha256(String modelSha256) { this.modelSha256 = modelSha256; }
  public String getWorkerImage() { return workerImage; }
  public void setWorkerImage(String workerImage) { this.workerImage = workerImage; }
  public String getWorkerImageID() { return workerImageID; }
  public void setWorkerImageID(String workerImageID) { this.workerImageID = workerImageID; }
}
