package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The acceptance gate: thresholds the unlearned model must meet before it is published. Accuracies are compared in
 * percentage points as the status shows them (4-decimal accuracies, 2-decimal points), the MIA score as a fraction.
 * A run that misses one ends with exit code 4, reason AcceptanceNotMet, and its model kept beside the output.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = AcceptanceSpec.ANY_THRESHOLD, message = "acceptance needs at least one threshold")
public class AcceptanceSpec {

  static final String ANY_THRESHOLD = "has(self.maxForgetAboveTest) || has(self.maxMiaDistance)"
      + " || has(self.maxRetainDrop) || has(self.maxAvgGap) || has(self.maxRetainGap) || has(self.maxForgetGap)"
      + " || has(self.maxTestGap) || has(self.maxMiaGap)";
  /** The thresholds that compare with the retrained reference, for the spec's CEL rule. */
  static final String GAP_THRESHOLDS = "has(self.acceptance.maxAvgGap) || has(self.acceptance.maxRetainGap)"
      + " || has(self.acceptance.maxForgetGap) || has(self.acceptance.maxTestGap) || has(self.acceptance.maxMiaGap)";

  @JsonPropertyDescription("Forget accuracy at most this many percentage points above test accuracy (unlearned model): 100 x (forget - test) <= value, e.g. 3. A model that still remembers its forget set scores far above its held-out accuracy.")
  @Min(0)
  private Double maxForgetAboveTest;

  @JsonPropertyDescription("Membership-inference score at most this far from 0.5 (chance: the forget set looks unseen), as a fraction: |MIA - 0.5| <= value, e.g. 0.05.")
  @Min(0)
  @Max(0.5)
  private Double maxMiaDistance;

  @JsonPropertyDescription("Retain accuracy at most this many percentage points below the original model's: 100 x (original retain - unlearned retain) <= value, e.g. 5.")
  @Min(0)
  private Double maxRetainDrop;

  @JsonPropertyDescription("Avg Gap to the retrained reference at most this many points (status.results.gaps.average); needs a reference: reference.retrain: true or reference.model.uri.")
  @Min(0)
  private Double maxAvgGap;

  @JsonPropertyDescription("Retain accuracy gap to the retrained reference at most this many points, either way; needs a reference: reference.retrain: true or reference.model.uri.")
  @Min(0)
  private Double maxRetainGap;

  @JsonPropertyDescription("Forget accuracy gap to the retrained reference at most this many points, either way; needs a reference: reference.retrain: true or reference.model.uri.")
  @Min(0)
  private Double maxForgetGap;

  @JsonPropertyDescription("Test accuracy gap to the retrained reference at most this many points, either way; needs a reference: reference.retrain: true or reference.model.uri.")
  @Min(0)
  private Double maxTestGap;

  @JsonPropertyDescription("MIA gap (score x 100) to the retrained reference at most this many points, either way; needs a reference: reference.retrain: true or reference.model.uri.")
  @Min(0)
  private Double maxMiaGap;

  public Double getMaxForgetAboveTest() { return maxForgetAboveTest; }
  public void setMaxForgetAboveTest(Double maxForgetAboveTest) { this.maxForgetAboveTest = maxForgetAboveTest; }
  public Double getMaxMiaDistance() { return maxMiaDistance; }
  public void setMaxMiaDistance(Double maxMiaDistance) { this.maxMiaDistance = maxMiaDistance; }
  public Double getMaxRetainDrop() { return maxRetainDrop; }
  public void setMaxRetainDrop(Double maxRetainDrop) { this.maxRetainDrop = maxRetainDrop; }
  public Double getMaxAvgGap() { return maxAvgGap; }
  public void setMaxAvgGap(Double maxAvgGap) { this.maxAvgGap = maxAvgGap; }
  public Double getMaxRetainGap() { return maxRetainGap; }
  public void setMaxRetainGap(Double maxRetainGap) { this.maxRetainGap = maxRetainGap; }
  public Double getMaxForgetGap() { return maxForgetGap; }
  public void setMaxForgetGap(Double maxForgetGap) { this.maxForgetGap = maxForgetGap; }
  public Double getMaxTestGap() { return maxTestGap; }
  public void setMaxTestGap(Double maxTestGap) { this.maxTestGap = maxTestGap; }
  public Double getMaxMiaGap() { return maxMiaGap; }
  public void setMaxMiaGap(Double maxMiaGap) { this.maxMiaGap = maxMiaGap; }

  /**
   * Where a run that misses its gate keeps its output for inspection: beside the output location, never below it (a
   * server that downloads the output prefix must not find the refused model), e.g. s3://b/out -> s3://b/out.rejected.
   */
  public static String rejectedUri(String outputUri) {
    String trimmed = outputUri.strip();
    while (trimmed.endsWith("/") && trimmed.length() > 1) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed + REJECTED_SUFFIX;
  }

  public static final String REJECTED_SUFFIX = ".rejected";
}
