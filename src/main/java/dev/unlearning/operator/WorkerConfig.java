package dev.unlearning.operator;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Operator settings for the worker Jobs it creates ({@code unlearning.worker.*}). */
@ConfigMapping(prefix = "unlearning.worker")
public interface WorkerConfig {

  /**
   * Image of the worker container, unless the request names one in spec.job.image. Unset: the image
   * build-images.sh builds ({@link DefaultImages#worker()}).
   */
  Optional<String> image();

  /** imagePullPolicy of the worker container; the Kubernetes default when unset. */
  Optional<String> imagePullPolicy();
}
