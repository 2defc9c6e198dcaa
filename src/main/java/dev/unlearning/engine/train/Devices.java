package dev.unlearning.engine.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.UnlearningRequestSpec;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which devices a run trains and evaluates on. spec.job.gpus (default 1) reaches the worker inside the request it
 * runs, so the engine reads it there: N GPUs ask for data-parallel training on gpu(0)..gpu(N-1), 0 for the CPU.
 * A machine with fewer GPUs than asked runs on those it has (DJL's {@link Engine#getDevices(int)}: the CPU when
 * there is none) with a warning, rather than failing: the same request runs on a laptop with {@code run -f}, and in
 * the cluster the Job's nvidia.com/gpu limit already gives the pod exactly N; result.json records the devices used.
 */
public final class Devices {

  private static final Logger LOG = Logger.getLogger(Devices.class);

  private Devices() {}

  /**
   * The devices of spec.job.gpus. Without the field (default {@value JobSettings#DEFAULT_GPUS}) a machine without GPU
   * runs on the CPU quietly, as a local run of the embedded default does.
   */
  public static Device[] forRequest(Engine engine, UnlearningRequestSpec spec) {
    JobSettings job = spec.getJob();
    if (job == null || job.getGpus() == null) {
      Device[] found = engine.getDevices(JobSettings.DEFAULT_GPUS);
      LOG.infof("running on %s", describe(found));
      return found;
    }
    return forGpus(engine, job.getGpus());
  }

  /** As result.json records them: {@code cpu()}, or {@code gpu(0),gpu(1)}. */
  public static String describe(Device[] devices) {
    return Arrays.stream(devices).map(Device::toString).collect(Collectors.joining(","));
  }

  /** The first {@code gpus} GPUs of this machine, as many as it has, or the CPU for 0 or no GPU. */
  public static Device[] forGpus(Engine engine, int gpus) {
    Device[] found = engine.getDevices(gpus);
    if (gpus > 0 && (found.length < gpus || !found[0].isGpu())) {
      LOG.warn("spec.job.gpus asks for " + gpus + " GPU(s) but this machine has " + engine.getGpuCount()
          + "; running on " + Arrays.toString(found));
    }
    return found;
  }

  /** The model's own device: what a single-device run uses. */
  static Device[] of(Model model) {
    return new Device[] {model.getNDManager().getDevice()};
  }
}
