package dev.unlearning.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.unlearning.api.JobSettings;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.ProgressListener;
import dev.unlearning.engine.TestData;
import dev.unlearning.engine.data.ImageDataset;
import dev.unlearning.engine.model.ModelIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The data-parallel path of {@link TrainingLoop} and {@link ParallelInference} driven on this machine's CPU, the only
 * device it has: spec.job.gpus resolves to it, the trainer splits every batch with DJL's batchifier (into one part)
 * and the step goes through DJL's parameter server. DJL's trainer refuses the same device twice, so a DJL block split
 * across several devices cannot train here; a TorchScript module can (its copies are distinct modules, so two of them
 * on the CPU stand for two GPUs), and so can split evaluation (one parameter store per part).
 */
class MultiDeviceTrainingTest {

  static final Device[] ONE = {Device.cpu()};
  static final Device[] TWICE = {Device.cpu(), Device.cpu()};

  /** A small DJL block (DJL blocks are what the trainer mirrors across devices). */
  static Model convNet(ImageDataset data) {
    ModelIO.engine().setRandomSeed(5);
    Model model = Model.newInstance("multi-device", Device.cpu(), ModelIO.ENGINE);
    model.setBlock(new SequentialBlock()
        .add(Conv2d.builder().setFilters(6).setKernelShape(new Shape(3, 3)).build())
        .add(Activation.reluBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(3).build()));
    model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, data.inputShape(1));
    return model;
  }

  static List<TrainingLoop.EpochStats> train(Model model, ImageDataset data, Device[] devices) {
    return new TrainingLoop("fineTune", ProgressListener.NONE, devices).train(model, data, data.allIndices(),
        new WeightedCrossEntropyLoss(new double[] {1, 0.5, 0.5}),
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build(), 2, 10, 3);
  }

  @Test
  void trainsOnTheDevicesTheRequestedGpusResolveTo() {
    TestData data = new TestData(3, 8, 45, 9, 0, 2);
    ImageDataset train = data.train();
    Device[] devices = Devices.forGpus(ModelIO.engine(), 2);
    assertThat(devices).containsExactly(Device.cpu());
    Map<String, float[]> before;
    Map<String, float[]> viaDevices;
    List<TrainingLoop.EpochStats> stats;
    try (Model model = convNet(train)) {
      before = TestData.parameters(model);
      stats = train(model, train, devices);
      viaDevices = TestData.parameters(model);
    }
    assertThat(stats.get(1).loss()).isLessThan(stats.get(0).loss());
    assertThat(viaDevices.get("01Conv2d_weight")).isNotEqualTo(before.get("01Conv2d_weight"));
    try (Model model = convNet(train)) {
      // The model's own device (what tests and benchmarks use) is the same path: identical steps.
      List<TrainingLoop.EpochStats> own = train(model, train, null);
      assertThat(own.get(1).loss()).isEqualTo(stats.get(1).loss());
      assertThat(TestData.parameters(model).get("01Conv2d_weight")).containsExactly(viaDevices.get("01Conv2d_weight"));
    }
  }

  @Test
  void evaluationSplitAcrossDevicesGivesTheSameLogitsInBatchOrder() {
    TestData data = new TestData(3, 8, 7, 3, 0, 4);
    ImageDataset train = data.train();
    try (Model model = convNet(train); NDManager m = model.getNDManager().newSubManager()) {
      NDList xy = train.batch(m, train.allIndices(), 0, 7);
      float[] one;
      float[] two;
      try (ParallelInference inference = new ParallelInference(model, ONE)) {
        one = inference.logits(xy.get(0)).toFloatArray();
      }
      // Two parts, each through its own parameter store: the rows come back in batch order.
      try (ParallelInference inference = new ParallelInference(model, TWICE)) {
        NDArray logits = inference.logits(xy.get(0));
        assertThat(logits.getShape().getShape()).containsExactly(7, 3);
        assertThat(logits.getDevice()).isEqualTo(Device.cpu());
        two = logits.toFloatArray();
      }
      for (int i = 0; i < one.length; i++) {
        assertThat(two[i]).isCloseTo(one[i], within(1e-6f));
      }
      assertThat(Evaluator.accuracy(model, train, train.allIndices(), 4, TWICE))
          .isEqualTo(Evaluator.accuracy(model, train, train.allIndices(), 4, ONE));
    }
  }

  @Test
  void gpusAskedForOnAMachineWithoutThemRunOnTheCpuWithAWarning() {
    Engine engine = ModelIO.engine();
    assertThat(engine.getGpuCount()).as("this test describes a machine without GPU").isZero();
    List<String> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(r.getMessage());
        }
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger log = Logger.getLogger(Devices.class.getName());
    log.addHandler(capture);
    try {
      assertThat(Devices.forGpus(engine, 0)).containsExactly(Device.cpu());
      assertThat(warnings).isEmpty();
      assertThat(Devices.forGpus(engine, 4)).containsExactly(Device.cpu());
      assertThat(warnings).containsExactly("spec.job.gpus asks for 4 GPU(s) but this machine has 0; running on [cpu()]");
      // The request carries the field to the worker; without it (default 1) a CPU-only machine is no surprise.
      warnings.clear();
      UnlearningRequestSpec spec = new UnlearningRequestSpec();
      assertThat(Devices.forRequest(engine, spec)).containsExactly(Device.cpu());
      JobSettings job = new JobSettings();
      job.setGpus(2);
      spec.setJob(job);
      assertThat(Devices.forRequest(engine, spec)).containsExactly(Device.cpu());
      assertThat(warnings).containsExactly("spec.job.gpus asks for 2 GPU(s) but this machine has 0; running on [cpu()]");
      assertThat(Devices.describe(new Device[] {Device.gpu(0), Device.gpu(1)})).isEqualTo("gpu(0),gpu(1)");
    } finally {
      log.removeHandler(capture);
    }
  }

  /** TorchScript, no batch norm (src/test/resources/torchscript/make_conv_no_bn.py): 1x8x8 input, 3 classes. */
  static final Path CONV_NO_BN = Path.of("src/test/resources/torchscript/conv-no-bn.pt");

  @Test
  void torchScriptModuleSplitAcrossCopiesOfItselfTakesTheSameStepsAsOnOneDevice() {
    // 45 samples in batches of 10: every batch splits 5 + 5, the last 3 + 2.
    TestData data = new TestData(3, 8, 45, 9, 0, 2);
    ImageDataset train = data.train();
    Map<String, float[]> single;
    List<TrainingLoop.EpochStats> singleStats;
    try (Model model = ModelIO.loadTorchScript(CONV_NO_BN, Device.cpu())) {
      singleStats = train(model, train, ONE);
      single = TestData.parameters(model);
    }
    try (Model model = ModelIO.loadTorchScript(CONV_NO_BN, Device.cpu())) {
      Map<String, float[]> before = TestData.parameters(model);
      List<TrainingLoop.EpochStats> split = train(model, train, TWICE);
      Map<String, float[]> parallel = TestData.parameters(model);
      assertThat(parallel.get("conv.weight")).isNotEqualTo(before.get("conv.weight"));
      for (String name : single.keySet()) {
        float[] a = single.get(name);
        float[] b = parallel.get(name);
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).as("%s[%d]", name, i).isCloseTo(a[i], within(1e-5f));
        }
      }
      for (int e = 0; e < 2; e++) {
        assertThat(split.get(e).loss()).isCloseTo(singleStats.get(e).loss(), within(1e-5));
        assertThat(split.get(e).accuracy()).isEqualTo(singleStats.get(e).accuracy());
      }
      assertThat(split.get(1).liveArrays()).as("the copies are freed").isEqualTo(split.get(0).liveArrays());
      // Evaluation split across copies of the module gives the logits of one device.
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDArray x = train.batch(m, train.allIndices(), 0, 7).get(0);
        float[] one;
        try (ParallelInference inference = new ParallelInference(model, ONE)) {
          one = inference.logits(x).toFloatArray();
        }
        try (ParallelInference inference = new ParallelInference(model, TWICE)) {
          float[] two = inference.logits(x).toFloatArray();
          for (int i = 0; i < one.length; i++) {
            assertThat(two[i]).isCloseTo(one[i], within(1e-6f));
          }
        }
      }
    }
  }

  @Test
  void torchScriptModuleWithBatchNormTrainsOnCopiesOfItself() {
    TestData data = new TestData(3, 12, 40, 9, 0, 4);
    try (Model model = ModelIO.loadTorchScript(TestData.TINY_CNN, Device.cpu())) {
      List<TrainingLoop.EpochStats> stats = train(model, data.train(), TWICE);
      assertThat(stats.get(1).loss()).isFinite().isLessThan(stats.get(0).loss());
      assertThat(Evaluator.accuracy(model, data.test(), data.test().allIndices(), 4, TWICE)).isBetween(0.0, 1.0);
    }
  }
}
