package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Per-channel normalisation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.mean) && has(self.std) && size(self.mean) == size(self.std)",
    message = "mean and std must both be given with one value per channel")
public class NormalizeSpec {

  @JsonPropertyDescription("Per-channel mean, one value per image channel (1 for grey, 3 for RGB).")
  @Size(min = 1, max = 4)
  private List<Double> mean;

  @JsonPropertyDescription("Per-channel standard deviation, one value per image channel, each > 0.")
  @Size(min = 1, max = 4)
  @ValidationRule(value = "self.all(s, s > 0.0)", message = "every std value must be > 0")
  private List<Double> std;

  public NormalizeSpec() {}

  public NormalizeSpec(List<Double> mean, List<Double> std) {
    this.mean = mean;
    this.std = std;
  }

  public List<Double> getMean() { return mean; }
  public void setMean(List<Double> mean) { this.mean = mean; }
  public List<Double> getStd() { return std; }
  public void setStd(List<Double> std) { this.std = std; }
}
