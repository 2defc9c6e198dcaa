package dev.unlearning.operator;

import dev.unlearning.api.JobSettings;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;

/**
 * The worker pod's identity. It runs as the worker image's user and group (one number, {@code WORKER_UID} of
 * {@code images.env}, which also builds the image), and fsGroup is that group: Kubernetes then makes the claims it
 * mounts group-owned and group-writable before the worker starts, so the worker can write its output to a freshly
 * provisioned claim, whose root usually belongs to root with mode 755. OnRootMismatch skips that walk when the
 * volume's root is already right, so a large dataset claim is not re-chowned on every start. {@code spec.job} may
 * override the three ids for an image built with another user.
 */
final class WorkerSecurity {

  static final String FS_GROUP_CHANGE_POLICY = "OnRootMismatch";

  private WorkerSecurity() {}

  static PodSecurityContext pod(JobSettings job) {
    long imageId = DefaultImages.workerUid();
    long user = job.getRunAsUser() != null ? job.getRunAsUser() : imageId;
    long group = job.getRunAsGroup() != null ? job.getRunAsGroup() : imageId;
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(user)
        .withRunAsGroup(group)
        .withFsGroup(job.getFsGroup() != null ? job.getFsGroup() : group)
        .withFsGroupChangePolicy(FS_GROUP_CHANGE_POLICY)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }
}
