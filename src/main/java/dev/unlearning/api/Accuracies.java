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

  public Double getRetain() { return retain; }
  public void setRetain(Double retain) { this.retain = retain; }
  public Double getForget() { return forget; }
  public void setForget(Double forget) { this.forget = forget; }
  public Double getTest() { return test; }
  public void setTest(Double test) { this.test = test; }
  public Double getMia() { return mia; }
  public void setMia(Double mia) { this.mia = mia; }
}
