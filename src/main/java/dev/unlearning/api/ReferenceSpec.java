package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Optional retrain-from-scratch reference. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReferenceSpec {

  @JsonPropertyDescription("Also train the same architecture from scratch on the retain set only and report it next to the unlearned model (the gold standard). Needs model.architecture.")
  private Boolean retrain;

  @JsonPropertyDescription("Epochs of the retrain-from-scratch reference. Default: model.pretrainEpochs.")
  @Min(1)
  private Integer epochs;

  public Boolean getRetrain() { return retrain; }
  public void setRetrain(Boolean retrain) { this.retrain = retrain; }
  public Integer getEpochs() { return epochs; }
  public void setEpochs(Integer epochs) { this.epochs = epochs; }
}
