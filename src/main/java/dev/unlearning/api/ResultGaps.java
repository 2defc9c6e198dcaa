package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How far the unlearned model is from the retrain-from-scratch reference, as the unlearning literature reports it
 * (SalUn, ICLR 2024, Table 1): differences in percentage points, their mean absolute value (Avg Gap), and the utility
 * of the NeurIPS 2023 unlearning challenge's score.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResultGaps {

  @JsonPropertyDescription("Retain accuracy, unlearned minus retrained, in percentage points.")
  private Double retain;

  @JsonPropertyDescription("Forget accuracy, unlearned minus retrained, in percentage points.")
  private Double forget;

  @JsonPropertyDescription("Test accuracy, unlearned minus retrained, in percentage points.")
  private Double test;

  @JsonPropertyDescription("MIA score x 100, unlearned minus retrained.")
  private Double mia;

  @JsonPropertyDescription("Avg Gap: the mean of the absolute values of the four gaps; 0 is the retrained model.")
  private Double average;

  @JsonPropertyDescription("Utility of the NeurIPS 2023 unlearning challenge: (retain accuracy ratio) x (test accuracy ratio), unlearned over retrained.")
  private Double utility;

  public ResultGaps() {}

  /** The gaps of {@code unlearned} against {@code retrained}; average is null when the MIA is missing on either. */
  public static ResultGaps between(Accuracies unlearned, Accuracies retrained) {
    ResultGaps g = new ResultGaps();
    Double retain = points(unlearned.getRetain(), retrained.getRetain());
    Double forget = points(unlearned.getForget(), retrained.getForget());
    Double test = points(unlearned.getTest(), retrained.getTest());
    Double mia = points(unlearned.getMia(), retrained.getMia());
    g.retain = round2(retain);
    g.forget = round2(forget);
    g.test = round2(test);
    g.mia = round2(mia);
    if (retain != null && forget != null && test != null && mia != null) {
      g.average = round2((Math.abs(retain) + Math.abs(forget) + Math.abs(test) + Math.abs(mia)) / 4);
    }
    if (retain != null && test != null && retrained.getRetain() > 0 && retrained.getTest() > 0) {
      g.utility = Math.round(unlearned.getRetain() / retrained.getRetain() * unlearned.getTest() / retrained.getTest()
          * 10_000) / 10_000.0;
    }
    return g;
  }

  private static Double points(Double unlearned, Double retrained) {
    if (unlearned == null || retrained == null || !Double.isFinite(unlearned) || !Double.isFinite(retrained)) {
      return null;
    }
    return 100 * (unlearned - retrained);
  }

  private static Double round2(Double v) {
    return v == null ? null : Math.round(v * 100) / 100.0;
  }

  public Double getRetain() { return retain; }
  public void setRetain(Double retain) { this.retain = retain; }
  public Double getForget() { return forget; }
  public void setForget(Double forget) { this.forget = forget; }
  public Double getTest() { return test; }
  public void setTest(Double test) { this.test = test; }
  public Double getMia() { return mia; }
  public void setMia(Double mia) { this.mia = mia; }
  public Double getAverage() { return average; }
  public void setAverage(Double average) { this.average = average; }
  public Double getUtility() { return utility; }
  public void setUtility(Double utility) { this.utility = utility; }
}
