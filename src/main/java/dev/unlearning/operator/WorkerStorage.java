package dev.unlearning.operator;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.StorageSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;

/**
 * What a request's storage needs in the worker pod: the Secret of spec.storage.secretRef as the container's
 * environment (the worker's AWS SDK reads AWS_ACCESS_KEY_ID, ... from there), and the scratch emptyDir, sized by
 * spec.job.scratchSize, that holds downloads and the staged output under the read-only root filesystem. The operator
 * only names the Secret: the kubelet reads it, so the operator's RBAC needs no access to secrets.
 */
final class WorkerStorage {

  private WorkerStorage() {}

  /** The Secret's keys as environment variables, or nothing. A missing Secret keeps the pod from starting. */
  static List<EnvFromSource> envFrom(UnlearningRequestSpec spec) {
    StorageSpec storage = spec.getStorage();
    if (storage == null || storage.getSecretRef() == null || storage.getSecretRef().getName() == null) {
      return List.of();
    }
    return List.of(new EnvFromSourceBuilder()
        .withNewSecretRef().withName(storage.getSecretRef().getName()).withOptional(false).endSecretRef()
        .build());
  }

  /** The scratch emptyDir, with spec.job.scratchSize as its size limit when set. */
  static Volume scratchVolume(String name, JobSettings job) {
    return new VolumeBuilder().withName(name)
        .withNewEmptyDir().withSizeLimit(job.getScratchSize()).endEmptyDir()
        .build();
  }
}
