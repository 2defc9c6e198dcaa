package dev.unlearning.engine.split;

import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The test set split in two when the method reads held-out data (spec.methodSettings.heldOutFraction): a seeded part
 * the method may read as unseen data, and the rest, on which the original, unlearned and retrained models are judged.
 * Without such a method every test image is judged and none is the method's.
 */
public record HeldOutSplit(int[] method, int[] assessed) {

  /** The split of a test set of {@code testSize} images for {@code spec}. */
  public static HeldOutSplit of(UnlearningRequestSpec spec, int testSize) {
    int[] all = new int[testSize];
    Arrays.setAll(all, i -> i);
    MethodSettings s = spec.effectiveMethodSettings();
    if (!s.readsHeldOut(spec.effectiveMethod())) {
      return new HeldOutSplit(new int[0], all);
    }
    int n = (int) Math.round(s.effectiveHeldOutFraction() * testSize);
    if (n < 1 || n >= testSize) {
      throw new InvalidInputException("spec.methodSettings.heldOutFraction: " + s.effectiveHeldOutFraction()
          + " of the " + testSize + " test images leaves " + (n < 1 ? "no image for the method" : "none to judge")
          + "; spec.method " + spec.effectiveMethod() + " needs held-out images next to the judged ones");
    }
    int[] method = ForgetSplit.sample(all, n, spec.effectiveSeed() + 41);
    return new HeldOutSplit(method, IntStream.range(0, testSize)
        .filter(i -> Arrays.binarySearch(method, i) < 0).toArray());
  }

  /** Whether the method reads a part of the test set. */
  public boolean splits() {
    return method.length > 0;
  }
}
