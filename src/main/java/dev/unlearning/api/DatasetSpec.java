package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The training and test data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetSpec {

  public static final String FORMAT_IDX = "idx";
  public static final String FORMAT_CIFAR10 = "cifar10-binary";

  @JsonPropertyDescription("File format: idx (MNIST / Fashion-MNIST: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...) or cifar10-binary (data_batch_1..5.bin and test_batch.bin).")
  private String format;

  @JsonPropertyDescription("Directory holding the dataset files: a path, file:// URI, pvc://<claim>/<path> or s3://<bucket>/<prefix> (every object under the prefix is downloaded); or an archive (.tar, .tar.gz, .tgz, .zip) at s3://<bucket>/<key> or an https:// URL, unpacked to scratch space (an archive holding one folder is read from inside it).")
  private String uri;

  @JsonPropertyDescription("Per-channel normalisation applied after scaling pixels to [0,1]: (x - mean) / std. Defaults depend on the format.")
  private NormalizeSpec normalize;

  public String getFormat() { return format; }
  public void setFormat(String format) { this.format = format; }
  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
  public NormalizeSpec getNormalize() { return normalize; }
  public void setNormalize(NormalizeSpec normalize) { this.normalize = normalize; }
}
