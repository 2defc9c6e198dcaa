package dev.unlearning.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.engine.InvalidInputException;
import java.util.List;

/** The built-in architectures, built from DJL blocks. Both take (N, C, H, W) input of any channel count. */
public final class Architectures {

  private Architectures() {}

  public static Block build(String architecture, int numClasses) {
    return switch (architecture) {
      case ModelSpec.SMALL_CNN -> smallCnn(numClasses);
      case ModelSpec.RESNET18 -> resnet18(numClasses);
      default -> throw new InvalidInputException("spec.model.architecture: unknown architecture '" + architecture + "'");
    };
  }

  /**
   * A 5x5 stride-2 conv (16 filters) with batch norm, ReLU and a 2x2 max-pool, a 3x3 conv (32 filters) with batch norm
   * and ReLU, then a 256-unit hidden layer: 28x28 input ends as 32x7x7 features before the dense head (32x32 input as
   * 32x8x8; 12x12 as 32x3x3). The wide flatten-to-dense head lets it memorise a 10k-image training set within a few epochs,
   * which the demo needs to show forgetting, while the strided, pooled convolutions keep it at about 0.7M
   * multiply-adds per 28x28 image, so a 10k-image epoch takes seconds on two CPU cores.
   */
  public static Block smallCnn(int numClasses) {
    return new SequentialBlock()
        .add(conv(16, 5, 2, true))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(conv(32, 3, 1, true))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(256).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(numClasses).build());
  }

  /**
   * CIFAR-style ResNet-18: 3x3 stem of 64 filters without max-pool, four stages of two torchvision BasicBlocks
   * (64, 128, 256, 512 filters; stride 1, 2, 2, 2), global average pooling and a linear classifier. Convolutions have
   * no bias, as in torchvision, since a batch norm follows each.
   */
  public static Block resnet18(int numClasses) {
    SequentialBlock net = new SequentialBlock()
        .add(conv(64, 3, 1, false))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
    int in = 64;
    int[] widths = {64, 128, 256, 512};
    for (int stage = 0; stage < widths.length; stage++) {
      int stride = stage == 0 ? 1 : 2;
      net.add(basicBlock(in, widths[stage], stride));
      net.add(basicBlock(widths[stage], widths[stage], 1));
      in = widths[stage];
    }
    return net
        .add(Pool.globalAvgPool2dBlock())
        .add(Linear.builder().setUnits(numClasses).build());
  }

  /** torchvision BasicBlock: conv3x3-BN-ReLU-conv3x3-BN plus a shortcut (1x1 conv + BN when the shape changes), ReLU. */
  private static Block basicBlock(int in, int out, int stride) {
    Block residual = new SequentialBlock()
        .add(conv(out, 3, stride, false))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(conv(out, 3, 1, false))
        .add(BatchNorm.builder().build());
    Block shortcut = (stride != 1 || in != out)
        ? new SequentialBlock().add(conv(out, 1, stride, false)).add(BatchNorm.builder().build())
        : Blocks.identityBlock();
    return new SequentialBlock()
        .add(new ParallelBlock(Architectures::sum, List.of(residual, shortcut)))
        .add(Activation.reluBlock());
  }

  private static NDList sum(List<NDList> branches) {
    NDArray a = branches.get(0).singletonOrThrow();
    NDArray b = branches.get(1).singletonOrThrow();
    return new NDList(a.add(b));
  }

  private static Conv2d conv(int filters, int kernel, int stride, boolean bias) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .optBias(bias)
        .build();
  }
}
