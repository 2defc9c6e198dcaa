package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an UnlearningRequest, written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UnlearningRequestStatus {

  @JsonPropertyDescription("Pending (accepted, pod not running yet), Running, Succeeded or Failed.")
  private Phase phase;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Name of the worker Job.")
  private String jobName;

  @JsonPropertyDescription("UID of the worker Job once the operator saw it. A request whose Job disappears before it finished fails with reason JobLost instead of running again.")
  private String jobUid;

  @JsonPropertyDescription("When the worker started running (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the request succeeded or failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Human-readable explanation of the current phase, e.g. why nothing runs or why it failed.")
  private String message;

  @JsonPropertyDescription("Standard conditions: Accepted, Scheduled, Running, Complete, Failed; Suspended while spec.suspend holds the run; OutputShared while another request in the namespace names the same spec.output.uri.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Accuracies and timings measured by the worker, present once the request succeeded or missed its acceptance gate.")
  private ResultSummary results;

  @JsonPropertyDescription("How far the worker is, while the request is Running: read by the operator from the last progress line of the worker pod's log (every unlearning.progress-interval, default 20 s).")
  private Progress progress;

  @JsonPropertyDescription("The run's evidence record (URI, digest, signature, the acceptance verdict) and the worker image digest the kubelet reported, once the worker wrote the record.")
  private EvidenceSummary evidence;

  public EvidenceSummary getEvidence() { return evidence; }
  public void setEvidence(EvidenceSummary evidence) { this.evidence = evidence; }
  public Progress getProgress() { return progress; }
  public void setProgress(Progress progress) { this.progress = progress; }
  public Phase getPhase() { return phase; }
  public void setPhase(Phase phase) { this.phase = phase; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getJobName() { return jobName; }
  public void setJobName(String jobName) { this.jobName = jobName; }
  public String getJobUid() { return jobUid; }
  public void setJobUid(String jobUid) { this.jobUid = jobUid; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public ResultSummary getResults() { return results; }
  public void setResults(ResultSummary results) { this.results = results; }
}
