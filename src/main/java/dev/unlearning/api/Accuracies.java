package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Accuracy of one model on the three sets, as fractions in [0,1]. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Accuracies {

  @JsonPropertyDescription("Accuracy on the retain set (training samples kept).")
  private Double retain;

  @JsonPropertyDescription("Accuracy on the forget set (training samples to forget).")
  private Double forget;

  @JsonPropertyDescription("Accuracy on the test set (never trained on).")
  private Double test;

  @JsonPropertyDescription("Membership-inference attack score on forget vs test losses; 0.5 means the forget set looks unseen.")
  private Double mia;

  public Accuracies() {}

  public Accuracies(double retain, double forget, double test) {
    this.retain = retain;
    this.forget = forget;
    this.test = test;
  }

  /**
   * A copy rounded to 4 decimals, for the compact result: status columns and the termination message show 0.8667,
   * not 0.8666666666666667. result.json keeps the exact values.
   */
  public Accuracies rounded() {
    Accuracies r = new Accuracies();
    r.retain = round4(retain);
    r.forget = round4(forget);
    r.test = round4(test);
    r.mia = round4(mia);
    return r;
  }

  private static Double round4(Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return v;
    }
    return Math.round(v * 10_000) / 10_000.0;
  }

  public Double getRetain() { return retain; }
  public void setRetain(Double retain) { this.retain = retain; }
  public Double getForget() { return forget; }
  public void setForget(Double forget) { this.forget = forget; }
  public Double getTest() { return test; }
  public void setTest(Double test) { this.test = test; }
  public Double getMia() { return mia; }
  public void setMia(Double mia) { this.mia = mia; }
}
