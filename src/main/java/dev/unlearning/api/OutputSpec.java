package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where results go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {

  @JsonPropertyDescription("Output directory for the unlearned model, result.json and forget-indices.txt: a path, file:// URI, pvc://<claim>/<path> or s3://<bucket>/<prefix> (written to scratch space, then uploaded with result.json last, so its presence means the output is complete).")
  @Required
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String uri;

  @JsonPropertyDescription("Replace a result that another request left at uri. Default false: a run refuses, before it loads anything, an output location whose result.json records another request (exit code 2, naming both requests); a retry of the same request always replaces its own output.")
  private Boolean overwrite;

  public OutputSpec() {}

  public OutputSpec(String uri) { this.uri = uri; }

  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
  public Boolean getOverwrite() { return overwrite; }
  public void setOverwrite(Boolean overwrite) { this.overwrite = overwrite; }

  public boolean effectiveOverwrite() { return Boolean.TRUE.equals(overwrite); }
}
