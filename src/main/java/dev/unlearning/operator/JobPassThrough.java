package dev.unlearning.operator;

import dev.unlearning.api.JobSettings;
import dev.unlearning.api.PodPassThroughRules;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds what spec.job passes through to the worker pod: pull secrets, affinity, spread, pod labels and annotations,
 * environment, extra volumes, a memory-backed /dev/shm, and Kueue's priority class label. The operator's own
 * labels, annotations, variables and volumes always win ({@link PodPassThroughRules} rejects a spec that tries).
 */
final class JobPassThrough {

  static final String KUEUE_PRIORITY_CLASS = "kueue.x-k8s.io/priority-class";
  private static final String SHM_VOLUME = "dshm";

  private JobPassThrough() {}

  /** The user's entries first, the operator's over them. */
  static Map<String, String> merged(Map<String, String> user, Map<String, String> own) {
    Map<String, String> out = new LinkedHashMap<>();
    if (user != null) {
      out.putAll(user);
    }
    out.putAll(own);
    return out;
  }

  static void jobLabels(JobSettings job, Map<String, String> labels) {
    if (job.getPriorityClass() != null && !job.getPriorityClass().isBlank()) {
      labels.put(KUEUE_PRIORITY_CLASS, job.getPriorityClass());
    }
  }

  static void pod(JobSettings job, PodSpecBuilder pod) {
    if (job.getImagePullSecrets() != null) {
      pod.withImagePullSecrets(job.getImagePullSecrets());
    }
    pod.withAffinity(job.getAffinity());
    if (job.getTopologySpreadConstraints() != null) {
      pod.withTopologySpreadConstraints(job.getTopologySpreadConstraints());
    }
    if (job.getVolumes() != null) {
      pod.addAllToVolumes(job.getVolumes());
    }
    if (job.getShmSize() != null) {
      pod.addToVolumes(new VolumeBuilder().withName(SHM_VOLUME)
          .withNewEmptyDir().withMedium("Memory").withSizeLimit(job.getShmSize()).endEmptyDir().build());
    }
  }

  static void container(JobSettings job, ContainerBuilder container) {
    if (job.getEnv() != null) {
      container.addAllToEnv(job.getEnv());
    }
    if (job.getEnvFrom() != null) {
      container.addAllToEnvFrom(job.getEnvFrom());
    }
    if (job.getVolumeMounts() != null) {
      container.addAllToVolumeMounts(job.getVolumeMounts());
    }
    if (job.getShmSize() != null) {
      container.addToVolumeMounts(new VolumeMountBuilder().withName(SHM_VOLUME)
          .withMountPath(PodPassThroughRules.SHM_PATH).build());
    }
  }
}
