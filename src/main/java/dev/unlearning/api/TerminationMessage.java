package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the worker writes to its termination message file, as JSON: the contract between worker and operator.
 * On success {@code outcome} is Succeeded and {@code results} is set; on failure {@code reason} and
 * {@code message} say why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TerminationMessage {

  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  /** Succeeded or Failed. */
  private String outcome;
  /** On failure: InvalidInput, Diverged, AcceptanceNotMet or Error (see {@link WorkerExitCode}). */
  private String reason;
  /** On failure: one readable message naming the field or file. */
  private String message;
  /** On success, and when the acceptance gate refused the model: the compact results. */
  private ResultSummary results;
  /** Where the evidence record is, once written (on success and when the gate refused the model). */
  private EvidenceSummary evidence;

  public static TerminationMessage succeeded(ResultSummary results) {
    TerminationMessage m = new TerminationMessage();
    m.outcome = SUCCEEDED;
    m.results = results;
    return m;
  }

  public static TerminationMessage failed(WorkerExitCode code, String message) {
    TerminationMessage m = new TerminationMessage();
    m.outcome = FAILED;
    m.reason = code.reason();
    m.message = message;
    return m;
  }

  /** A run whose model missed its acceptance gate: failed, with what it measured and recorded. */
  public static TerminationMessage notAccepted(String message, ResultSummary results, EvidenceSummary evidence) {
    TerminationMessage m = failed(WorkerExitCode.ACCEPTANCE_NOT_MET, message);
    m.results = results;
    m.evidence = evidence;
    return m;
  }

  public EvidenceSummary getEvidence() { return evidence; }
  public void setEvidence(EvidenceSummary evidence) { this.evidence = evidence; }
  public String getOutcome() { return outcome; }
  public void setOutcome(String outcome) { this.outcome = outcome; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public ResultSummary getResults() { return results; }
  public void setResults(ResultSummary results) { this.results = results; }
}
