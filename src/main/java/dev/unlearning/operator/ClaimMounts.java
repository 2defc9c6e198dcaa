package dev.unlearning.operator;

import dev.unlearning.api.Location;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The persistent volume claims a request refers to through {@code pvc://<claim>/<path>} locations, each mounted at
 * {@link WorkerContract#PVC_MOUNT_ROOT}{@code /<claim>} so the worker sees a plain path. Only the claim holding the output
 * is writable.
 */
final class ClaimMounts {

  private final Map<String, Boolean> writableByClaim;

  private ClaimMounts(Map<String, Boolean> writableByClaim) {
    this.writableByClaim = writableByClaim;
  }

  /** Expects a spec that passed {@code SpecValidator}: every location parses. */
  static ClaimMounts of(UnlearningRequestSpec spec) {
    Map<String, Boolean> claims = new TreeMap<>();
    if (spec.getModel() != null) {
      add(claims, "spec.model.uri", spec.getModel().getUri(), false);
      add(claims, "spec.model.fromOutput", spec.getModel().getFromOutput(), false);
    }
    if (spec.getDataset() != null) {
      add(claims, "spec.dataset.uri", spec.getDataset().getUri(), false);
    }
    if (spec.getForget() != null) {
      add(claims, "spec.forget.indicesFile", spec.getForget().getIndicesFile(), false);
    }
    if (spec.getOutput() != null) {
      add(claims, "spec.output.uri", spec.getOutput().getUri(), true);
    }
    return new ClaimMounts(claims);
  }

  private static void add(Map<String, Boolean> claims, String field, String uri, boolean writable) {
    if (uri == null) {
      return;
    }
    Location location = Location.parse(field, uri);
    if (location.scheme() == Location.Scheme.PVC) {
      claims.merge(location.claim(), writable, Boolean::logicalOr);
    }
  }

  List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Boolean> claim : writableByClaim.entrySet()) {
      volumes.add(new VolumeBuilder().withName(volumeName(i++))
          .withNewPersistentVolumeClaim(claim.getKey(), !claim.getValue())
          .build());
    }
    return volumes;
  }

  List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Boolean> claim : writableByClaim.entrySet()) {
      mounts.add(new VolumeMountBuilder().withName(volumeName(i++))
          .withMountPath(WorkerContract.PVC_MOUNT_ROOT + "/" + claim.getKey())
          .withReadOnly(!claim.getValue())
          .build());
    }
    return mounts;
  }

  // Claim names may be 253 characters with dots; volume names must be short DNS labels.
  private static String volumeName(int index) {
    return "claim-" + index;
  }
}
