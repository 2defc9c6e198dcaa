package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The user's own reference model (spec.reference.model): one location, checked like spec.model.uri. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReferenceModel {
  @JsonPropertyDescription("Location of the reference as a TorchScript file, the same network as spec.model trained without the forget set: a path, file:// URI, pvc://<claim>/<path>, s3://<bucket>/<key> or https:// URL.")
  @Required
  @Size(max = Location.MAX_LENGTH)
  @ValidationRule(value = Location.CEL_SCHEME_RULE, message = Location.CEL_SCHEME_MESSAGE)
  private String uri;

  public String getUri() { return uri; }
  public void setUri(String uri) { this.uri = uri; }
}
