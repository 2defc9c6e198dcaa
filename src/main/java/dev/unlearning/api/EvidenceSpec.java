package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Keys of the evidence record (evidence.intoto.jsonl), each a key of a Secret in the request's namespace. The operator
 * only names them in the worker pod (the kubelet reads the Secret), so it needs no access to secrets; local runs take
 * them from files (run --signing-key, --forget-key).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EvidenceSpec {

  /** What a Secret's data key may be, as Kubernetes requires. */
  public static final String DATA_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  @JsonPropertyDescription("Signs the record: a Secret holding an ECDSA P-256 private key in PEM, as `cosign generate-key-pair k8s://<namespace>/<name>` writes it (keys cosign.key and cosign.password, encrypted) or as openssl writes it (PKCS#8 or SEC1 EC PRIVATE KEY, plain or encrypted). The record becomes a signed DSSE envelope; without it the record is written unsigned and says so.")
  private SigningKey signingKey;

  @JsonPropertyDescription("Keys the forget set's digest: a Secret key holding at least 32 bytes, the HMAC-SHA-256 key of forget-indices.txt, so a published record does not reveal which samples were removed (a plain SHA-256 of a small set is reversed by trying candidates). Without it the record's digest is a plain SHA-256 and says it is unkeyed.")
  private ForgetKey forgetKey;

  public SigningKey getSigningKey() { return signingKey; }
  public void setSigningKey(SigningKey signingKey) { this.signingKey = signingKey; }
  public ForgetKey getForgetKey() { return forgetKey; }
  public void setForgetKey(ForgetKey forgetKey) { this.forgetKey = forgetKey; }

  /** A key of a Secret in the request's namespace: the Secret's name and the key, whose default depends on its use. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public abstract static class SecretKey {

    @JsonPropertyDescription("Name of the Secret.")
    @Required
    @Pattern(StorageSpec.SecretRef.NAME_PATTERN)
    @Size(max = 253)
    private String name;

    @JsonPropertyDescription("Key of the Secret holding the key: for signingKey the PEM private key (default cosign.key), for forgetKey the HMAC key, its bytes as stored, at least 32 (default forget-digest.key).")
    @Pattern(DATA_KEY_PATTERN)
    @Size(max = 253)
    private String key;

    protected SecretKey() {}

    protected SecretKey(String name) { this.name = name; }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }

    public String effectiveKey() { return key != null ? key : defaultKey(); }

    protected abstract String defaultKey();
  }

  /** The Secret and keys of the signing key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SigningKey extends SecretKey {

    public static final String DEFAULT_KEY = "cosign.key";
    public static final String DEFAULT_PASSWORD_KEY = "cosign.password";

    @JsonPropertyDescription("Key of the Secret holding the password of an encrypted key. Default cosign.password, used when the Secret has it; a key named here must exist.")
    @Pattern(DATA_KEY_PATTERN)
    @Size(max = 253)
    private String passwordKey;

    public SigningKey() {}

    public SigningKey(String name) { super(name); }

    public String getPasswordKey() { return passwordKey; }
    public void setPasswordKey(String passwordKey) { this.passwordKey = passwordKey; }

    public String effectivePasswordKey() { return passwordKey != null ? passwordKey : DEFAULT_PASSWORD_KEY; }

    @Override
    protected String defaultKey() { return DEFAULT_KEY; }
  }

  /** The Secret and key of the forget set's HMAC key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ForgetKey extends SecretKey {

    public static final String DEFAULT_KEY = "forget-digest.key";

    public ForgetKey() {}

    public ForgetKey(String name) { super(name); }

    @Override
    protected String defaultKey() { return DEFAULT_KEY; }
  }
}
