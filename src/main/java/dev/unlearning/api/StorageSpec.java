package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Credentials of the worker for s3:// and https:// locations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  @JsonPropertyDescription("Secret in the request's namespace whose keys become environment variables of the worker container (envFrom), e.g. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL_S3 for an S3-compatible store. The operator only names it in the pod and never reads it. Local runs read the same variables from their own environment.")
  private SecretRef secretRef;

  public SecretRef getSecretRef() { return secretRef; }
  public void setSecretRef(SecretRef secretRef) { this.secretRef = secretRef; }

  /** A Secret in the request's namespace, by name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretRef {

    /** A DNS subdomain name, as Kubernetes requires of a Secret's name. */
    public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    @JsonPropertyDescription("Name of the Secret.")
    @Required
    @Pattern(NAME_PATTERN)
    @Size(max = 253)
    private String name;

    public SecretRef() {}

    public SecretRef(String name) { this.name = name; }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
  }
}
