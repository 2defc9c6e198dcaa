package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact result the worker reports in its termination message and the operator copies into the status.
 * Kept small: the termination message is limited to 4096 bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResultSummary {

  @JsonPropertyDescription("Accuracies of the original model before unlearning.")
  private Accuracies original;

  @JsonPropertyDescription("Accuracies of the unlearned model.")
  private Accuracies unlearned;

  @JsonPropertyDescription("Accuracies of the retrain-from-scratch reference, when requested.")
  private Accuracies retrained;

  @JsonPropertyDescription("Gaps of the unlearned model to the retrained one (Avg Gap, challenge utility), when spec.reference.retrain is on.")
  private ResultGaps gaps;

  @JsonPropertyDescription("Number of samples in the retain set.")
  private Integer retainSize;

  @JsonPropertyDescription("Number of samples in the forget set.")
  private Integer forgetSize;

  @JsonPropertyDescription("Number of samples in the test set.")
  private Integer testSize;

  @JsonPropertyDescription("SHA-256 of forget-indices.txt, the exact forget indices used (auditable).")
  private String forgetIndicesSha256;

  @JsonPropertyDescription("Duration of each phase in seconds (e.g. load, pretrain, evaluateOriginal, confuse, fineTune, evaluateUnlearned, save, total).")
  private Map<String, Double> durationsSeconds = new LinkedHashMap<>();

  @JsonPropertyDescription("Device the worker ran on, e.g. cpu() or gpu(0).")
  private String device;

  public Accuracies getOriginal() { return original; }
  public void setOriginal(Accuracies original) { this.original = original; }
  public Accuracies getUnlearned() { return unlearned; }
  public void setUnlearned(Accuracies unlearned) { this.unlearned = unlearned; }
  public Accuracies getRetrained() { return retrained; }
  public void setRetrained(Accuracies retrained) { this.retrained = retrained; }
  public ResultGaps getGaps() { return gaps; }
  public void setGaps(ResultGaps gaps) { this.gaps = gaps; }
  public Integer getRetainSize() { return retainSize; }
  public void setRetainSize(Integer retainSize) { this.retainSize = retainSize; }
  public Integer getForgetSize() { return forgetSize; }
  public void setForgetSize(Integer forgetSize) { this.forgetSize = forgetSize; }
  public Integer getTestSize() { return testSize; }
  public void setTestSize(Integer testSize) { this.testSize = testSize; }
  public String getForgetIndicesSha256() { return forgetIndicesSha256; }
  public void setForgetIndicesSha256(String forgetIndicesSha256) { this.forgetIndicesSha256 = forgetIndicesSha256; }
  public Map<String, Double> getDurationsSeconds() { return durationsSeconds; }
  public void setDurationsSeconds(Map<String, Double> durationsSeconds) { this.durationsSeconds = durationsSeconds; }
  public String getDevice() { return device; }
  public void setDevice(String device) { this.device = device; }
}
