package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which training samples to forget: exactly one selector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.fraction) ? 1 : 0) + (has(self.classes) ? 1 : 0) + (has(self.indicesFile) ? 1 : 0) == 1",
    message = "give exactly one of fraction, classes or indicesFile")
public class ForgetSpec {

  @JsonPropertyDescription("Forget a random fraction of the training set, 0 < fraction < 1: the first ceil(fraction * N) indices of a permutation seeded by seed.")
  @Min(value = 0, inclusive = false)
  @Max(value = 1, inclusive = false)
  private Double fraction;

  @JsonPropertyDescription("Seed of the permutation used with fraction: the same seed selects the same samples on every machine. Default 42.")
  private Long seed;

  @JsonPropertyDescription("Forget every training sample of these classes (class indices, 0-based).")
  @Size(min = 1, max = 10000)
  @ValidationRule(value = "self.all(c, c >= 0)", message = "class indices must be >= 0")
  private List<Integer> classes;

  @JsonPropertyDescription("A text file of 0-based training sample indices to forget, one per line (a data-removal request): a path, file:// URI, pvc://<claim>/<path>, s3://<bucket>/<key> or https:// URL.")
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String indicesFile;

  public Double getFraction() { return fraction; }
  public void setFraction(Double fraction) { this.fraction = fraction; }
  public Long getSeed() { return seed; }
  public void setSeed(Long seed) { this.seed = seed; }
  public List<Integer> getClasses() { return classes; }
  public void setClasses(List<Integer> classes) { this.classes = classes; }
  public String getIndicesFile() { return indicesFile; }
  public void setIndicesFile(String indicesFile) { this.indicesFile = indicesFile; }

  public long effectiveSeed() { return seed != null ? seed : UnlearningRequestSpec.DEFAULT_SEED; }
}
