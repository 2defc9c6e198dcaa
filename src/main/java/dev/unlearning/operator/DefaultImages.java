package dev.unlearning.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The image names and tag that {@code src/main/docker/build-images.sh} builds, read from the same
 * {@code images.env} (the build copies it onto the class path): the operator's default worker image is the image the
 * script built, with no second copy of a tag to drift.
 */
public final class DefaultImages {

  /** Class-path location of {@code src/main/docker/images.env} (see the resources of pom.xml). */
  static final String RESOURCE = "/images.env";

  private DefaultImages() {}

  /** {@code WORKER_IMAGE:IMAGE_TAG}, e.g. {@code unlearning-worker:0.1.0}. */
  public static String worker() {
    Properties images = load();
    return required(images, "WORKER_IMAGE") + ":" + required(images, "IMAGE_TAG");
  }

  /** {@code WORKER_UID}: the user and group id the worker image runs as. */
  public static long workerUid() {
    return Long.parseLong(required(load(), "WORKER_UID"));
  }

  private static Properties load() {
    try (InputStream in = DefaultImages.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path: package with mvn package");
      }
      Properties images = new Properties();
      images.load(in);
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(Properties images, String key) {
    String value = images.getProperty(key, "").strip();
    if (value.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " has no " + key);
    }
    return value;
  }
}
