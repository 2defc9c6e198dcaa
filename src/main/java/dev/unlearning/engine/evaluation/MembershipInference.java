package dev.unlearning.engine.evaluation;

import dev.unlearning.engine.split.ForgetSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The simple membership-inference attack of the NeurIPS 2023 machine-unlearning challenge starting kit:
 * per-sample cross-entropy losses of the forget set (members, label 1) and of the test set (non-members,
 * label 0), the larger group truncated at random (seeded) to the size of the smaller one, a logistic
 * regression on the single loss feature, scored by accuracy over {@value #DEFAULT_SPLITS} stratified shuffle
 * splits holding out {@value #DEFAULT_TEST_FRACTION} of the samples (the defaults of scikit-learn's
 * {@code StratifiedShuffleSplit}); the score is the mean accuracy. 0.5 means the forget set cannot be told
 * apart from unseen data.
 *
 * <p>The logistic regression is Tribuo's LIBLINEAR trainer with the L2-regularised primal solver and cost
 * C = 1 (scikit-learn's default regularisation strength). Tribuo has no stratified shuffle splitter (only a
 * plain random train/test split and k-fold), so the splitting, a few lines of index bookkeeping, is here.
 */
public final class MembershipInference {

  /** Number of stratified shuffle splits. */
  public static final int DEFAULT_SPLITS = 10;
  /** Fraction of the balanced samples held out for scoring in each split. */
  public static final double DEFAULT_TEST_FRACTION = 0.1;

  private static final String FEATURE = "loss";
  private static final Label MEMBER = new Label("forget");
  private static final Label NON_MEMBER = new Label("test");
  private static final LabelFactory LABELS = new LabelFactory();

  static {
    // LIBLINEAR prints its solver iterations to stdout (not to a logger) unless told otherwise. Tribuo's own INFO
    // logging is turned down in application.properties.
    de.bwaldvogel.liblinear.Linear.disableDebugOutput();
  }

  private MembershipInference() {}

  /** The attack's outcome: the mean accuracy, the accuracy of each split and the size of each balanced group. */
  public record Score(double mean, double[] splitAccuracies, int samplesPerGroup) {}

  /** The score with the starting kit's settings (10 splits, 10% held out). */
  public static double score(double[] forgetLosses, double[] testLosses, long seed) {
    return evaluate(forgetLosses, testLosses, seed, DEFAULT_SPLITS, DEFAULT_TEST_FRACTION).mean();
  }

  /**
   * Smallest group size the attack can score: after balancing, each split needs at least one held-out and
   * one training sample of each group.
   */
  public static int minimumGroupSize(double testFraction) {
    for (int m = 1; ; m++) {
      if (holdOut(2 * m, testFraction) >= 2 && 2 * m - holdOut(2 * m, testFraction) >= 2) {
        return m;
      }
    }
  }

  /** True when both groups are large enough for {@link #score}. */
  public static boolean canScore(int forgetCount, int testCount) {
    return Math.min(forgetCount, testCount) >= minimumGroupSize(DEFAULT_TEST_FRACTION);
  }

  /**
   * Runs the attack.
   *
   * @throws IllegalArgumentException for a group too small to split, a non-finite loss or bad settings
   */
  public static Score evaluate(double[] forgetLosses, double[] testLosses, long seed, int splits, double testFraction) {
    if (splits < 1) {
      throw new IllegalArgumentException("splits must be at least 1, got " + splits);
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0,1), got " + testFraction);
    }
    requireFinite("forget", forgetLosses);
    requireFinite("test", testLosses);
    int perGroup = Math.min(forgetLosses.length, testLosses.length);
    if (perGroup < minimumGroupSize(testFraction)) {
      throw new IllegalArgumentException("membership inference needs at least " + minimumGroupSize(testFraction)
          + " forget and test losses, got " + forgetLosses.length + " and " + testLosses.length);
    }
    Random random = new Random(seed);
    double[] members = truncate(forgetLosses, perGroup, random);
    double[] nonMembers = truncate(testLosses, perGroup, random);

    int total = 2 * perGroup;
    int heldOut = holdOut(total, testFraction);
    // Equal groups: each split holds out heldOut/2 of each, the odd one from a group drawn at random.
    double[] accuracies = new double[splits];
    for (int s = 0; s < splits; s++) {
      int[] memberOrder = permutation(perGroup, random);
      int[] nonMemberOrder = permutation(perGroup, random);
      int memberHeldOut = heldOut / 2;
      int nonMemberHeldOut = heldOut / 2;
      if (heldOut % 2 == 1) {
        if (random.nextBoolean()) {
          memberHeldOut++;
        } else {
          nonMemberHeldOut++;
        }
      }
      MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("mia-split-" + s, LABELS), LABELS);
      addAll(train, members, memberOrder, memberHeldOut, perGroup, MEMBER);
      addAll(train, nonMembers, nonMemberOrder, nonMemberHeldOut, perGroup, NON_MEMBER);
      Model<Label> attack = trainer(seed + s).train(train);
      int correct = countCorrect(attack, members, memberOrder, memberHeldOut, MEMBER)
          + countCorrect(attack, nonMembers, nonMemberOrder, nonMemberHeldOut, NON_MEMBER);
      accuracies[s] = correct / (double) (memberHeldOut + nonMemberHeldOut);
    }
    return new Score(Arrays.stream(accuracies).average().orElseThrow(), accuracies, perGroup);
  }

  private static LibLinearClassificationTrainer trainer(long seed) {
    return new LibLinearClassificationTrainer(
        new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 1.0, 1000, 1e-4, seed);
  }

  /** scikit-learn's rule: ceil(testFraction * n) samples held out. */
  private static int holdOut(int total, double testFraction) {
    return (int) Math.ceil(testFraction * total);
  }

  private static void requireFinite(String group, double[] losses) {
    if (losses == null) {
      throw new IllegalArgumentException(group + " losses are missing");
    }
    for (int i = 0; i < losses.length; i++) {
      if (!Double.isFinite(losses[i])) {
        throw new IllegalArgumentException(group + " loss " + i + " is not finite: " + losses[i]);
      }
    }
  }

  /** A seeded random subset of {@code size} values (all of them, shuffled, when size equals the length). */
  private static double[] truncate(double[] values, int size, Random random) {
    int[] order = permutation(values.length, random);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  /** A seeded permutation of 0..n-1 (the forget split's), seeded from the attack's random stream. */
  private static int[] permutation(int n, Random random) {
    return ForgetSplit.permutation(n, random.nextLong());
  }

  /** Adds the samples at order[from..to) as training examples. */
  private static void addAll(MutableDataset<Label> data, double[] values, int[] order, int from, int to, Label label) {
    for (int i = from; i < to; i++) {
      data.add(example(values[order[i]], label));
    }
  }

  /** Counts correct predictions on the held-out samples order[0..count). */
  private static int countCorrect(Model<Label> attack, double[] values, int[] order, int count, Label truth) {
    List<Example<Label>> heldOut = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      heldOut.add(example(values[order[i]], truth));
    }
    int correct = 0;
    for (var prediction : attack.predict(heldOut)) {
      if (prediction.getOutput().getLabel().equals(truth.getLabel())) {
        correct++;
      }
    }
    return correct;
  }

  private static Example<Label> example(double loss, Label label) {
    return new ArrayExample<>(label, new String[] {FEATURE}, new double[] {loss});
  }
}
