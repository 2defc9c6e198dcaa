package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A labelled image set held as raw bytes (one byte per pixel, channel-major per image) so that even CIFAR-10 stays
 * small in the Java heap; batches are normalised and turned into NDArrays only when they are needed. The IDX and
 * CIFAR-10 binary formats load into it.
 */
public final class InMemoryImageDataset implements ImageDataset {

  private final byte[] pixels;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final Normalisation normalisation;

  public InMemoryImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, float[] mean,
      float[] std) {
    this(pixels, labels, channels, height, width, new Normalisation(mean, std));
  }

  InMemoryImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, Normalisation normalisation) {
    int imageSize = channels * height * width;
    if ((long) labels.length * imageSize != pixels.length) {
      throw new IllegalArgumentException("pixel count " + pixels.length + " does not match " + labels.length + " images of "
          + imageSize);
    }
    if (normalisation.channels() != channels) {
      throw new IllegalArgumentException("normalisation needs one mean and std per channel");
    }
    this.pixels = pixels;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.normalisation = normalisation;
  }

  @Override public int size() { return labels.length; }
  @Override public int channels() { return channels; }
  @Override public int height() { return height; }
  @Override public int width() { return width; }
  @Override public int label(int index) { return labels[index]; }

  @Override
  public NDList batch(NDManager manager, int[] indices, int from, int to) {
    int imageSize = channels * height * width;
    int[] offsets = new int[to - from];
    long[] y = new long[to - from];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = indices[from + i] * imageSize;
      y[i] = labels[indices[from + i]];
    }
    return normalisation.toBatch(manager, pixels, offsets, y, height, width);
  }
}
