package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Credentials of the worker for s3:// and https:// locations, and how many objects it fetches at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  @JsonPropertyDescription("Secret in the request's namespace whose keys become environment variables of the worker container (envFrom), e.g. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL_S3 for an S3-compatible store. The operator only names it in the pod and never reads it. Local runs read the same variables from their own environment.")
  private SecretRef secretRef;

  /** Requests in flight at once when a folder (an s3:// prefix) is downloaded, as the AWS CLI's default. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 10;

  @JsonPropertyDescription("Objects downloaded at once when spec.dataset.uri is an s3:// folder (a prefix of many files, e.g. an image folder), 1 to 64: the SDK's transfer manager keeps this many GET requests in flight, each retried like any other request. Default 10, as the AWS CLI's max_concurrent_requests; 1 fetches one object after the other.")
  @Min(1)
  @Max(64)
  private Integer maxConcurrentRequests;

  public SecretRef getSecretRef() { return secretRef; }
  public void setSecretRef(SecretRef secretRef) { this.secretRef = secretRef; }
  public Integer getMaxConcurrentRequests() { return maxConcurrentRequests; }
  public void setMaxConcurrentRequests(Integer maxConcurrentRequests) { this.maxConcurrentRequests = maxConcurrentRequests; }

  /** The concurrency of folder downloads for {@code storage} (null: no spec.storage). */
  public static int effectiveMaxConcurrentRequests(StorageSpec storage) {
    return storage != null && storage.maxConcurrentRequests != null ? storage.maxConcurrentRequests
        : DEFAULT_MAX_CONCURRENT_REQUESTS;
  }

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
