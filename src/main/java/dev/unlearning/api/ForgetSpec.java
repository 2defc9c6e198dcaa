package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Which training samples to forget: exactly one selector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ForgetSpec {

  @JsonPropertyDescription("Forget a random fraction of the training set, 0 < fraction < 1: the first ceil(fraction * N) indices of a permutation seeded by seed.")
  private Double fraction;

  @JsonPropertyDescription("Seed of the permutation used with fraction: the same seed selects the same samples on every machine. Default 42.")
  private Long seed;

  @JsonPropertyDescription("Forget every training sample of these classes (class indices, 0-based).")
  private List<Integer> classes;

  @JsonPropertyDescription("A text file of 0-based training sample indices to forget, one per line (a data-removal request): a path, file:// URI or pvc://<claim>/<path>.")
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
