package dev.unlearning.operator;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.UnlearningRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Names, labels and annotations that tie a worker Job and its pods to their request. */
public final class WorkerLabels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "unlearning-operator";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String NAME_VALUE = "unlearning-worker";
  /** Label naming the request (a label value: shortened with a hash when the name does not fit). */
  public static final String REQUEST = "unlearning.dev/request";
  /** Annotation holding the full request name: pods map back to their request through it. */
  public static final String REQUEST_ANNOTATION = "unlearning.dev/request-name";
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

  private static final String JOB_SUFFIX = "-unlearn";
  private static final int MAX_LABEL = 63;
  private static final int HASH_CHARS = 8;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private WorkerLabels() {}

  /**
   * The Job name for a request: {@code <name>-unlearn}, or a shortened name plus a hash of the full name when that
   * is not a valid DNS label of at most 63 characters (the Job controller copies it into a label value). The same
   * request always gets the same name, so a restart or a repeated event never creates a second Job.
   */
  public static String jobName(String requestName) {
    String plain = requestName + JOB_SUFFIX;
    if (plain.length() <= MAX_LABEL && DNS_LABEL.matcher(plain).matches()) {
      return plain;
    }
    return shortened(requestName.replace('.', '-'), requestName, JOB_SUFFIX.length()) + JOB_SUFFIX;
  }

  /** The value of the {@link #REQUEST} label: the request name when it is a valid label value, else shortened. */
  public static String requestLabelValue(String requestName) {
    if (requestName.length() <= MAX_LABEL && LABEL_VALUE.matcher(requestName).matches()) {
      return requestName;
    }
    return shortened(requestName, requestName, 0);
  }

  /** Labels of the Job and its pod template. */
  public static Map<String, String> forRequest(UnlearningRequest request) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(NAME, NAME_VALUE);
    labels.put(REQUEST, requestLabelValue(request.getMetadata().getName()));
    // The operator version that made the Job: which worker versions fit its spec (BuildVersion).
    labels.put(BuildVersion.LABEL, requestLabelValue(BuildVersion.current()));
    return labels;
  }

  // Keeps a readable prefix and appends a hash of the original name, so "a.b" and "a-b" (or two long names with
  // the same prefix) never share a Job.
  private static String shortened(String readable, String original, int reserved) {
    int room = MAX_LABEL - reserved - HASH_CHARS - 1;
    String prefix = readable.length() > room ? readable.substring(0, room) : readable;
    prefix = prefix.replaceAll("[^a-z0-9]+$", "");
    return (prefix.isEmpty() ? "ulr" : prefix) + "-" + sha256(original).substring(0, HASH_CHARS);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
