package dev.unlearning.api;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What spec.job may add to the worker pod without taking over what the operator, the Job controller or Argo CD own:
 * their labels and annotations, the operator's environment variables, volumes and mount paths.
 */
public final class PodPassThroughRules {

  /** Labels the operator sets (WorkerLabels), the Job controller's, and Argo CD's default tracking label. */
  public static final Set<String> RESERVED_LABELS = Set.of("app.kubernetes.io/managed-by", "app.kubernetes.io/name",
      "unlearning.dev/request", BuildVersion.LABEL, "app.kubernetes.io/instance", "job-name", "controller-uid",
      "batch.kubernetes.io/job-name", "batch.kubernetes.io/controller-uid");
  public static final Set<String> RESERVED_ANNOTATIONS = Set.of("unlearning.dev/request-name",
      "argocd.argoproj.io/tracking-id");
  public static final Set<String> RESERVED_ENV = Set.of(WorkerContract.ENV_REQUEST, WorkerContract.ENV_REQUEST_NAME,
      BuildVersion.ENV_OPERATOR_VERSION, "HOME", WorkerContract.ENV_REQUEST_UID, WorkerContract.ENV_REQUEST_GENERATION,
      WorkerContract.ENV_JOB_IMAGE);
  /** Variables the operator sets from spec.evidence's Secrets, when it names them. */
  public static final Set<String> EVIDENCE_ENV = Set.of(WorkerContract.ENV_SIGNING_KEY,
      WorkerContract.ENV_SIGNING_KEY_PASSWORD, WorkerContract.ENV_FORGET_KEY);
  /** Volume names the operator uses: the scratch directory, /dev/shm and the claims (claim-0, claim-1, ...). */
  public static final Set<String> RESERVED_VOLUMES = Set.of("scratch", "dshm");
  public static final String CLAIM_VOLUME_PREFIX = "claim-";
  public static final String SHM_PATH = "/dev/shm";
  private static final List<String> RESERVED_PATHS = List.of(WorkerContract.SCRATCH_DIR, SHM_PATH,
      WorkerContract.TERMINATION_MESSAGE_PATH, WorkerContract.PVC_MOUNT_ROOT);

  private PodPassThroughRules() {}

  static void check(JobSettings job, List<SpecValidationException> out) {
    keys(out, "spec.job.podLabels", job.getPodLabels(), RESERVED_LABELS);
    keys(out, "spec.job.podAnnotations", job.getPodAnnotations(), RESERVED_ANNOTATIONS);
    if (job.getEnv() != null) {
      job.getEnv().stream().map(e -> e.getName()).filter(n -> RESERVED_ENV.contains(n) || EVIDENCE_ENV.contains(n))
          .findFirst().ifPresent(n ->
          out.add(new SpecValidationException("spec.job.env", n + " is set by the operator")));
    }
    Set<String> volumes = new HashSet<>();
    if (job.getVolumes() != null) {
      job.getVolumes().forEach(v -> {
        String name = v.getName();
        if (name == null || RESERVED_VOLUMES.contains(name) || name.startsWith(CLAIM_VOLUME_PREFIX)) {
          out.add(new SpecValidationException("spec.job.volumes", "volume name '" + name + "' is missing or the"
              + " operator's (scratch, dshm, claim-*)"));
        }
        volumes.add(name);
      });
    }
    if (job.getVolumeMounts() != null) {
      job.getVolumeMounts().forEach(m -> {
        if (!volumes.contains(m.getName())) {
          out.add(new SpecValidationException("spec.job.volumeMounts", "mount of '" + m.getName()
              + "' names no volume of spec.job.volumes"));
        }
        String path = m.getMountPath() == null ? "" : m.getMountPath().replaceAll("/+$", "");
        if (RESERVED_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/") || p.startsWith(path + "/"))
            || path.isEmpty()) {
          out.add(new SpecValidationException("spec.job.volumeMounts", "mountPath '" + m.getMountPath()
              + "' is the operator's (" + String.join(", ", RESERVED_PATHS) + ") or empty"));
        }
      });
    }
    if (job.getShmSize() != null && !positive(job.getShmSize())) {
      out.add(new SpecValidationException("spec.job.shmSize", "must be a quantity > 0, e.g. 2Gi (got "
          + job.getShmSize() + ")"));
    }
  }

  private static boolean positive(io.fabric8.kubernetes.api.model.Quantity q) {
    try {
      return q.getNumericalAmount().signum() > 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void keys(List<SpecValidationException> out, String field, Map<String, String> map, Set<String> reserved) {
    if (map != null) {
      map.keySet().stream().filter(reserved::contains).sorted().findFirst().ifPresent(k ->
          out.add(new SpecValidationException(field, k + " is reserved (the operator's, the Job controller's or Argo"
              + " CD's)")));
    }
  }
}
