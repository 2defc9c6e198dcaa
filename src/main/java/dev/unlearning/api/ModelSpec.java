package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The classifier to unlearn. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.uri) || has(self.architecture) || has(self.fromOutput)",
    message = "give model.uri (a TorchScript file), model.architecture (a built-in one) or model.fromOutput (an earlier"
        + " run's output)")
@ValidationRule(value = "!(has(self.uri) && has(self.fromOutput))",
    message = "model.uri and model.fromOutput both name the model to unlearn: give one")
public class ModelSpec {

  public static final String SMALL_CNN = "small-cnn";
  public static final String RESNET18 = "resnet18";
  /** The built-in architectures, an enum of the CRD. */
  public static final List<String> ARCHITECTURES = List.of(SMALL_CNN, RESNET18);
  public static final int DEFAULT_NUM_CLASSES = 10;
  public static final int DEFAULT_PRETRAIN_EPOCHS = 3;
  /** The files of a run's output that the next run of a chain reads (fromOutput). */
  public static final String OUTPUT_MODEL = "model.pt";
  public static final String OUTPUT_FORGET_INDICES = "forget-indices.txt";
  public static final String OUTPUT_RESULT = "result.json";

  @JsonPropertyDescription("Location of a TorchScript model file (.pt from torch.jit.script or torch.jit.trace): a path, file:// URI, pvc://<claim>/<path>, s3://<bucket>/<key> or https:// URL. When empty, the built-in architecture is trained first.")
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String uri;

  @JsonPropertyDescription("An earlier run's output location (spec.output.uri of that run: a path, file:// URI, pvc://<claim>/<path> or s3://<bucket>/<prefix>) to unlearn further: its unlearned TorchScript model (model.pt) is this run's model, and every sample it forgot, with those of its own ancestors (its forget-indices.txt), stays out of this run's retain set and is part of its forget set, so a later removal never re-teaches an earlier one. result.json names it as the parent. The earlier run must have ended with a complete output (result.json). Instead of uri.")
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String fromOutput;

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
  public String getFromOutput() { return fromOutput; }
  public void setFromOutput(String fromOutput) { this.fromOutput = fromOutput; }

  /** The model file to load: uri, or the model of the output fromOutput names; null for a built-in one. */
  public String modelFileUri() {
    return uri != null ? uri : fromOutput != null ? inOutput(fromOutput, OUTPUT_MODEL) : null;
  }

  /** The file {@code name} in the output location {@code output}. */
  public static String inOutput(String output, String name) {
    return (output.endsWith("/") ? output : output + "/") + name;
  }
  public String getArchitecture() { return architecture; }
  public void setArchitecture(String architecture) { this.architecture = architecture; }
  public Integer getPretrainEpochs() { return pretrainEpochs; }
  public void setPretrainEpochs(Integer pretrainEpochs) { this.pretrainEpochs = pretrainEpochs; }
  public Integer getNumClasses() { return numClasses; }
  public void setNumClasses(Integer numClasses) { this.numClasses = numClasses; }

  public int effectiveNumClasses() { return numClasses != null ? numClasses : DEFAULT_NUM_CLASSES; }
  public int effectivePretrainEpochs() { return pretrainEpochs != null ? pretrainEpochs : DEFAULT_PRETRAIN_EPOCHS; }
}
