package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The training and test data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.format) && self.format == 'image-folder') || (!has(self.channels) && !has(self.imageSize))",
    message = "channels and imageSize apply to format image-folder only")
public class DatasetSpec {

  public static final String FORMAT_IDX = "idx";
  public static final String FORMAT_CIFAR10 = "cifar10-binary";
  public static final String FORMAT_IMAGE_FOLDER = "image-folder";
  /** The formats, an enum of the CRD. */
  public static final List<String> FORMATS = List.of(FORMAT_IDX, FORMAT_CIFAR10, FORMAT_IMAGE_FOLDER);
  public static final int DEFAULT_CHANNELS = 3;

  @JsonPropertyDescription("File format: idx (MNIST / Fashion-MNIST: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...), cifar10-binary (data_batch_1..5.bin and test_batch.bin), or image-folder: torchvision's ImageFolder layout, train/<class>/<image> and test/<class>/<image> (val/ is accepted for test/), images .png, .jpg, .jpeg or .bmp, read from disk batch by batch (never all in memory). Sample order is exactly torchvision's: class index = position of the class folder name in sorted order, classes in that order, within a class the files sorted by name (subfolders walked in sorted order), names compared by Unicode code point; so forget indices and classes mean the same samples as in torchvision's dataset. train/ and test/ must hold the same class folders, none empty.")
  @Required
  private String format;

  @JsonPropertyDescription("Directory holding the dataset files: a path, file:// URI, pvc://<claim>/<path> or s3://<bucket>/<prefix> (every object under the prefix is downloaded); or an archive (.tar, .tar.gz, .tgz, .zip) at s3://<bucket>/<key> or an https:// URL, unpacked to scratch space (an archive holding one folder is read from inside it).")
  @Required
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String uri;

  @JsonPropertyDescription("Per-channel normalisation applied after scaling pixels to [0,1]: (x - mean) / std. Defaults depend on the format: Fashion-MNIST's statistics for idx, CIFAR-10's for cifar10-binary, none (mean 0, std 1, as torchvision's ToTensor alone) for image-folder, where it should be your training transform's Normalize values.")
  private NormalizeSpec normalize;

  @JsonPropertyDescription("Format image-folder only: 1 (every image converted to grey, as PIL's convert('L')) or 3 (RGB, as convert('RGB')). Default 3.")
  @ValidationRule(value = "self == 1 || self == 3", message = "channels must be 1 (grey) or 3 (RGB)")
  private Integer channels;

  @JsonPropertyDescription("Format image-folder only: [height, width] every image is resized to (bilinear), e.g. [32, 32]. Without it all images must have the size of the first training image, else the run fails naming the first image of another size.")
  @Size(min = 2, max = 2)
  @ValidationRule(value = "self.all(s, s >= 1)", message = "imageSize values must be >= 1")
  private List<Integer> imageSize;

  public String getFormat() { return format; }
  public void setFormat(String format) { this.format = format; }
  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
  public NormalizeSpec getNormalize() { return normalize; }
  public void setNormalize(NormalizeSpec normalize) { this.normalize = normalize; }
  public Integer getChannels() { return channels; }
  public void setChannels(Integer channels) { this.channels = channels; }
  public List<Integer> getImageSize() { return imageSize; }
  public void setImageSize(List<Integer> imageSize) { this.imageSize = imageSize; }

  public int effectiveChannels() { return channels != null ? channels : DEFAULT_CHANNELS; }
}
