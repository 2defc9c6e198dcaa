package dev.unlearning.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of this build (the Maven project version), and the contract between an operator and the worker image
 * of its Jobs, which a request may pin to another version: the Job carries the operator's version, and a worker of
 * the same major.minor version knows every field of the spec it is given (fields are only added in minor versions).
 */
public final class BuildVersion {

  /** Environment variable of the worker container: the version of the operator that created the Job. */
  public static final String ENV_OPERATOR_VERSION = "UNLEARNING_OPERATOR_VERSION";
  /** Label of the worker Job and its pods: the version of the operator that created them. */
  public static final String LABEL = "app.kubernetes.io/version";
  /** Written when a version is not known, e.g. a Job created by an operator older than this contract. */
  public static final String UNKNOWN = "unknown";

  private static final String RESOURCE = "/dev/unlearning/version.properties";
  private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final String CURRENT = load();

  private BuildVersion() {}

  /** This build's version, e.g. {@code 0.1.0}. */
  public static String current() {
    return CURRENT;
  }

  /** {@code major.minor} of a version ({@code 0.1} of {@code 0.1.3-SNAPSHOT}), or empty when it has none. */
  public static String majorMinor(String version) {
    if (version == null) {
      return "";
    }
    Matcher m = MAJOR_MINOR.matcher(version.strip());
    return m.find() ? m.group(1) + "." + m.group(2) : "";
  }

  /** True when both versions have the same major.minor; an unknown version is never the same. */
  public static boolean sameMinor(String a, String b) {
    String minorA = majorMinor(a);
    return !minorA.isEmpty() && minorA.equals(majorMinor(b));
  }

  private static String load() {
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path: build with Maven");
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version", "").strip();
      if (version.isEmpty() || version.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + " holds no version (" + version + "): Maven did not filter it");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
