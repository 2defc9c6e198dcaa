package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Optional reference the unlearned model is compared with: retrained from scratch here, or the user's own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.retrain) && self.retrain && has(self.model))",
    message = "give reference.retrain: true or reference.model, not both", fieldPath = ".model")
@ValidationRule(value = "!has(self.initialization) || (has(self.retrain) && self.retrain)",
    message = "reference.initialization applies to reference.retrain: true", fieldPath = ".initialization")
public class ReferenceSpec {

  /** PyTorch's own reset_parameters() of each layer. */
  public static final String RESET_PARAMETERS = "reset-parameters";
  /** torchvision's ResNet initialisation: Kaiming-normal (fan-out, ReLU) convolutions, the rest as reset_parameters(). */
  public static final String KAIMING_NORMAL = "kaiming-normal";
  public static final List<String> INITIALIZATIONS = List.of(RESET_PARAMETERS, KAIMING_NORMAL);

  @JsonPropertyDescription("Also train the same network from scratch on the retain set only and report it next to the unlearned model (the gold standard), with the pretraining recipe: Adam, learning rate 0.001, spec.batchSize, cross-entropy, for reference.epochs epochs, every sample once per epoch in a fresh seeded order. A built-in architecture is built anew from spec.seed; a TorchScript model (spec.model.uri) is copied and every parameter re-initialised as reference.initialization says, every batch norm's running statistics reset (mean 0, variance 1, no batches tracked).")
  private Boolean retrain;

  @JsonPropertyDescription("Epochs of the retrain-from-scratch reference. Default: model.pretrainEpochs.")
  @Min(1)
  private Integer epochs;

  @JsonPropertyDescription("reference.retrain of a TorchScript model: how its parameters are re-initialised, drawn with spec.seed. reset-parameters (default): what PyTorch's own layers do in reset_parameters(): convolution and linear weights and biases uniform in +-1/sqrt(fan_in) (kaiming_uniform with a = sqrt(5)), normalisation weights 1 and biases 0. kaiming-normal: torchvision's ResNet initialisation, convolution weights normal with std sqrt(2 / fan_out), the rest as reset-parameters. A parameter of another kind (not the weight or bias of a convolution, linear or normalisation layer) is refused: give reference.model instead.")
  private String initialization;

  @JsonPropertyDescription("A model the user retrained without the forget set (as the unlearning challenge did), assessed on the same retain, forget and test sets as the unlearned model; the gaps and Avg Gap are computed against it.")
  private ReferenceModel model;

  public Boolean getRetrain() { return retrain; }
  public void setRetrain(Boolean retrain) { this.retrain = retrain; }
  public Integer getEpochs() { return epochs; }
  public void setEpochs(Integer epochs) { this.epochs = epochs; }
  public String getInitialization() { return initialization; }
  public void setInitialization(String initialization) { this.initialization = initialization; }
  public String effectiveInitialization() { return initialization != null ? initialization : RESET_PARAMETERS; }
  public ReferenceModel getModel() { return model; }
  public void setModel(ReferenceModel model) { this.model = model; }

  /** Whether the request asks for a reference at all. */
  public boolean wanted() {
    return Boolean.TRUE.equals(retrain) || model != null;
  }
}
