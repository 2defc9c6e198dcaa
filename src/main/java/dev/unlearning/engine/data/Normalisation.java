package dev.unlearning.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.unlearning.api.NormalizeSpec;
import dev.unlearning.engine.InvalidInputException;
import java.util.List;

/** Per-channel (p/255 - mean) / std of 8-bit pixels, the normalisation every dataset format applies. */
final class Normalisation {

  private final float[] mean;
  private final float[] std;
  private final float[] scale;
  private final float[] shift;

  Normalisation(float[] mean, float[] std) {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("normalisation needs one mean and std per channel");
    }
    this.mean = mean.clone();
    this.std = std.clone();
    scale = new float[mean.length];
    shift = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      // (p/255 - mean)/std folded into one multiply-add per pixel.
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
  }

  /**
   * The request's override when given, else the format's defaults.
   *
   * @throws InvalidInputException when the override has a different number of channels than the images
   */
  static Normalisation of(NormalizeSpec override, int channels, float[] defaultMean, float[] defaultStd) {
    if (override == null) {
      return new Normalisation(defaultMean, defaultStd);
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
    return new Normalisation(mean, std);
  }

  int channels() {
    return mean.length;
  }

  /** Normalises one channel-major image of {@code plane} pixels per channel from {@code src} into {@code dst}. */
  void apply(byte[] src, int srcOffset, float[] dst, int dstOffset, int plane) {
    for (int c = 0; c < scale.length; c++) {
      float s = scale[c];
      float t = shift[c];
      int from = srcOffset + c * plane;
      int to = dstOffset + c * plane;
      for (int p = 0; p < plane; p++) {
        dst[to + p] = (src[from + p] & 0xFF) * s + t;
      }
    }
  }

  /**
   * A batch in {@code manager}: the images of {@code height x width} starting at {@code pixels[offsets[i]]},
   * normalised, as (N,C,H,W) float32, and their labels as (N) int64.
   */
  NDList toBatch(NDManager manager, byte[] pixels, int[] offsets, long[] labels, int height, int width) {
    int n = offsets.length;
    int imageSize = mean.length * height * width;
    float[] data = new float[n * imageSize];
    for (int i = 0; i < n; i++) {
      apply(pixels, offsets[i], data, i * imageSize, height * width);
    }
    return new NDList(manager.create(data, new Shape(n, mean.length, height, width)), manager.create(labels));
  }
}
