package dev.unlearning.operator.reading;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Installs {@link LenientReading} on the mapper of the injected Kubernetes client, which the informers, the cache
 * clones and the status patches of the Java Operator SDK all use. Quarkus builds that mapper from a plain
 * {@code new ObjectMapper()}, which fails on the first unknown field.
 */
@Singleton
public class LenientClientMapper implements KubernetesClientObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(new LenientReading());
  }
}
