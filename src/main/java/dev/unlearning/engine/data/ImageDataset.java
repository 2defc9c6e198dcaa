package dev.unlearning.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import java.util.List;

/**
 * A labelled image set held as raw bytes (one byte per pixel, channel-major per image) so that even CIFAR-10 stays
 * small in the Java heap; batches are normalised and turned into NDArrays only when they are needed.
 */
public final class ImageDataset {

  private final byte[] pixels;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final float[] mean;
  private final float[] std;

  public ImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, float[] mean, float[] std) {
    int imageSize = channels * height * width;
    if ((long) labels.length * imageSize != pixels.length) {
      throw new IllegalArgumentException("pixel count " + pixels.length + " does not match " + labels.length + " images of "
          + imageSize);
    }
    if (mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("normalisation needs one mean and std per channel");
    }
    this.pixels = pixels;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.mean = mean.clone();
    this.std = std.clone();
  }

  public int size() { return labels.length; }
  public int channels() { return channels; }
  public int height() { return height; }
  public int width() { return width; }
  public int label(int index) { return labels[index]; }

  /** Shape of one input batch of {@code n} images: (n, C, H, W). */
  public Shape inputShape(int n) {
    return new Shape(n, channels, height, width);
  }

  /**
   * The images and labels at {@code indices[from..to)} as (N,C,H,W) float32 and (N) int64 arrays in {@code manager};
   * the caller closes the manager once the batch is used.
   */
  public NDList batch(NDManager manager, int[] indices, int from, int to) {
    int n = to - from;
    int imageSize = channels * height * width;
    int plane = height * width;
    float[] data = new float[n * imageSize];
    long[] y = new long[n];
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      // (p/255 - mean)/std folded into one multiply-add per pixel.
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
    for (int i = 0; i < n; i++) {
      int idx = indices[from + i];
      int src = idx * imageSize;
      int dst = i * imageSize;
      for (int c = 0; c < channels; c++) {
        float s = scale[c];
        float t = shift[c];
        int base = c * plane;
        for (int p = 0; p < plane; p++) {
          data[dst + base + p] = (pixels[src + base + p] & 0xFF) * s + t;
        }
      }
      y[i] = labels[idx];
    }
    NDArray x = manager.create(data, inputShape(n));
    NDArray lab = manager.create(y);
    return new NDList(x, lab);
  }

  /** All indices 0..size-1. */
  public int[] allIndices() {
    int[] all = new int[size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  /**
   * The per-channel mean and std to use: the request's override when given, else the format's defaults.
   *
   * @throws InvalidInputException when the override has a different number of channels than the images
   */
  static float[][] normalisation(NormalizeSpec override, int channels, float[] defaultMean, float[] defaultStd) {
    if (override == null) {
      return new float[][] {defaultMean, defaultStd};
    }
    List<Double> m = override.getMean();
    List<Double> s = override.getStd();
    if (m == null || s == null || m.size() != channels || s.size() != channels) {
      throw new InvalidInputException("spec.dataset.normalize: the images have " + channels
          + " channel(s), so mean and std need " + channels + " value(s) each (got mean " + m + ", std " + s + ")");
    }
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = m.get(c).floatValue();
      std[c] = s.get(c).floatValue();
    }
    return new float[][] {mean, std};
  }
}
