package dev.unlearning.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Operator settings for the worker Jobs it creates ({@code unlearning.worker.*}). */
@ConfigMapping(prefix = "unlearning.worker")
public interface WorkerConfig {

  /** Image of the worker container, unless the request names one in spec.job.image. */
  @WithDefault("unlearning-worker:latest")
  String image();

  /** imagePullPolicy of the worker container; the Kubernetes default when unset. */
  Optional<String> imagePullPolicy();
}
