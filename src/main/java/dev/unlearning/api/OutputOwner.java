package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Whose an output is, recorded in its result.json: in a cluster the request's namespace, name and UID; locally the
 * request's name and file. Both carry the digest of the spec without its output section (what the run does, not
 * where it writes). A run refuses an output location whose result.json names another owner.
 *
 * @param specSha256 SHA-256 of the spec's JSON without {@code output}, keys sorted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputOwner(String namespace, String name, String uid, String file, String specSha256) {

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /** The request object a worker in the cluster runs for. */
  public static OutputOwner cluster(String namespace, String name, String uid, UnlearningRequestSpec spec) {
    return new OutputOwner(namespace, name, uid, null, specDigest(spec));
  }

  /** A request file run on this machine ({@code run -f}, or {@code worker -f}). */
  public static OutputOwner local(String name, String file, UnlearningRequestSpec spec) {
    return new OutputOwner(null, name, null, file, specDigest(spec));
  }

  /**
   * Whether both are the same request, so one may replace the other's output: in a cluster the same object (UID; an
   * older operator that passes none: namespace, name and spec), locally the same request name and spec.
   */
  public boolean sameRequest(OutputOwner other) {
    if (!Objects.equals(namespace, other.namespace) || !Objects.equals(name, other.name)) {
      return false;
    }
    return uid != null && other.uid != null ? uid.equals(other.uid) : Objects.equals(specSha256, other.specSha256);
  }

  /** E.g. {@code request ml/forget-a (uid 1f2e...)} or {@code request forget-a from unlearn.yaml (spec sha256 ab12cd34)}. */
  public String describe() {
    String who = "request " + (namespace != null ? namespace + "/" : "") + (name != null ? name : "(unnamed)");
    if (uid != null) {
      return who + " (uid " + uid + ")";
    }
    String spec = specSha256 == null ? "" : "spec sha256 " + specSha256.substring(0, Math.min(12, specSha256.length()));
    return who + (file != null ? " from " + file : "") + (spec.isEmpty() ? "" : " (" + spec + ")");
  }

  static String specDigest(UnlearningRequestSpec spec) {
    ObjectNode tree = CANONICAL.valueToTree(spec);
    tree.remove("output");
    try {
      byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(tree, Object.class));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (java.io.IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the spec", e);
    }
  }
}
