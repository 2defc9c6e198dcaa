package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The classifier to unlearn. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.uri) || has(self.architecture)",
    message = "give model.uri (a TorchScript file) or model.architecture (a built-in one)")
public class ModelSpec {

  public static final String SMALL_CNN = "small-cnn";
  public static final String RESNET18 = "resnet18";
  /** The built-in architectures, an enum of the CRD. */
  public static final List<String> ARCHITECTURES = List.of(SMALL_CNN, RESNET18);
  public static final int DEFAULT_NUM_CLASSES = 10;
  public static final int DEFAULT_PRETRAIN_EPOCHS = 3;

  @JsonPropertyDescription("Location of a TorchScript model file (.pt from torch.jit.script or torch.jit.trace): a path, file:// URI, pvc://<claim>/<path>, s3://<bucket>/<key> or https:// URL. When empty, the built-in architecture is trained first.")
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String uri;

  @JsonPropertyDescription("Built-in architecture: small-cnn or resnet18 (CIFAR-style ResNet-18). Used when no uri is given, and by the retrain-from-scratch reference (without it, the reference of a TorchScript model is a re-initialised copy of that model).")
  private String architecture;

  @JsonPropertyDescription("Epochs to train the built-in architecture on the whole training set before unlearning. Default 3.")
  @Min(0)
  private Integer pretrainEpochs;

  @JsonPropertyDescription("Number of classes the classifier outputs. Default 10.")
  @Min(2)
  private Integer numClasses;

  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
  public String getArchitecture() { return architecture; }
  public void setArchitecture(String architecture) { this.architecture = architecture; }
  public Integer getPretrainEpochs() { return pretrainEpochs; }
  public void setPretrainEpochs(Integer pretrainEpochs) { this.pretrainEpochs = pretrainEpochs; }
  public Integer getNumClasses() { return numClasses; }
  public void setNumClasses(Integer numClasses) { this.numClasses = numClasses; }

  public int effectiveNumClasses() { return numClasses != null ? numClasses : DEFAULT_NUM_CLASSES; }
  public int effectivePretrainEpochs() { return pretrainEpochs != null ? pretrainEpochs : DEFAULT_PRETRAIN_EPOCHS; }
}
