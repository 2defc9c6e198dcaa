package dev.unlearning.bench;

import java.util.Arrays;

/**
 * The forgetting quality F of the NeurIPS 2023 Machine Unlearning challenge, re-implemented from its published scoring
 * code (google-deepmind/unlearning_evaluation, metric.py) and its technical report: for every forget example, the
 * logit-scaled confidences of its true class under N unlearned and N retrained models are two samples; an attacker
 * that thresholds a confidence (one threshold, or an interval around the narrower sample) reaches a false positive
 * and false negative rate, and each rate pair bounds the example's epsilon at delta 1e-5; the example's epsilon is the
 * largest bound. Epsilons fall into buckets of 0.5 up to ceil(ln(N - 1)), bucket k scoring 2^-k (2/2^n for the
 * n-th bucket) and an epsilon past the last bucket scoring 0; F is the mean score over the forget set (1: no
 * threshold tells the two apart, 0: every example is told apart). docs/benchmarks.md, section 7, has the formula.
 */
public final class ForgettingQuality {

  static final double DELTA = 1e-5;
  static final double EPSILON_CAP = 50;
  static final double BUCKET = 0.5;
  private static final int THRESHOLDS_PER_UNIT = 100;
  private static final double BUFFER = 2.0;

  private ForgettingQuality() {}

  /** F and every forget example's epsilon. */
  public record Result(double f, double[] epsilons) {}

  /**
   * log(p / (1 - p)) of the true class's softmax probability p, computed as z_true - logsumexp(other logits) so that
   * a confident model does not round it to infinity.
   */
  public static double logitScaledConfidence(float[] logits, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < logits.length; j++) {
      if (j != label) {
        max = Math.max(max, logits[j]);
      }
    }
    double sum = 0;
    for (int j = 0; j < logits.length; j++) {
      if (j != label) {
        sum += Math.exp(logits[j] - max);
      }
    }
    return logits[label] - (max + Math.log(sum));
  }

  /**
   * F of confidences {@code unlearned[model][example]} against {@code retrained[model][example]}.
   *
   * @throws IllegalArgumentException when the two sides do not have the same number of models (at least 2) and of
   *     forget examples (at least 1)
   */
  public static Result score(double[][] unlearned, double[][] retrained) {
    int n = unlearned.length;
    if (n < 2 || retrained.length != n) {
      throw new IllegalArgumentException("forgetting quality needs the same number (>= 2) of unlearned and retrained"
          + " models, got " + n + " and " + retrained.length);
    }
    int examples = unlearned[0].length;
    for (int m = 0; m < n; m++) {
      if (unlearned[m].length != examples || retrained[m].length != examples || examples == 0) {
        throw new IllegalArgumentException("forgetting quality: model " + m + " has " + unlearned[m].length
            + " unlearned and " + retrained[m].length + " retrained confidences, expected " + examples + " (> 0)");
      }
    }
    double[] eps = new double[examples];
    double total = 0;
    for (int i = 0; i < examples; i++) {
      double[] u = column(unlearned, i);
      double[] r = column(retrained, i);
      // The positive side of each example is the one with the larger median, as in the challenge.
      eps[i] = median(r) > median(u) ? epsilon(r, u) : epsilon(u, r);
      total += points(eps[i], n);
    }
    return new Result(total / examples, eps);
  }

  /** The score of one example's epsilon with {@code models} models per side: 2^-k in bucket k, 0 past the last. */
  static double points(double epsilon, int models) {
    double maxEpsilon = Math.ceil(Math.log(models - 1));
    double points = 1;
    for (double start = 0; start + BUCKET <= maxEpsilon; start += BUCKET) {
      if (epsilon < start + BUCKET) {
        return points;
      }
      points /= 2;
    }
    return 0;
  }

  /**
   * The epsilon of one example: the largest bound over every threshold of the two attack families, capped at 50. A
   * side whose spread is under 1% of the other's (a model that always answers the same) gets the cap, as in the
   * challenge. Decisions where the challenge's code is silent: two constant, equal sides get 0, two constant,
   * different sides the cap, and the cap also when no threshold gives usable rates (the challenge asserts instead).
   */
  static double epsilon(double[] positive, double[] negative) {
    double[] pos = sorted(positive);
    double[] neg = sorted(negative);
    double posRange = pos[pos.length - 1] - pos[0];
    double negRange = neg[neg.length - 1] - neg[0];
    double largest = Math.max(posRange, negRange);
    if (largest == 0) {
      return pos[0] == neg[0] ? 0 : EPSILON_CAP;
    }
    if (Math.min(posRange, negRange) / largest < 0.01) {
      return EPSILON_CAP;
    }
    double best = Math.max(singleThreshold(pos, neg), interval(pos, neg));
    return Double.isNaN(best) ? EPSILON_CAP : Math.min(best, EPSILON_CAP);
  }

  /**
   * One threshold t on the grid (100 per unit) from the smallest to the largest confidence: predicted positive when
   * the confidence is >= t. Returns the largest epsilon bound, NaN when no threshold gives usable rates.
   */
  private static double singleThreshold(double[] pos, double[] neg) {
    double min = Math.min(pos[0], neg[0]);
    double max = Math.max(pos[pos.length - 1], neg[neg.length - 1]);
    int count = (int) Math.ceil((max - min) * THRESHOLDS_PER_UNIT);
    boolean[][] reached = new boolean[pos.length + 1][neg.length + 1];
    int posBelow = 0;
    int negBelow = 0;
    for (int k = 0; k < count; k++) {
      double t = linspace(min, max, count, k);
      while (posBelow < pos.length && pos[posBelow] < t) {
        posBelow++;
      }
      while (negBelow < neg.length && neg[negBelow] < t) {
        negBelow++;
      }
      reached[pos.length - posBelow][neg.length - negBelow] = true;
    }
    return best(reached, pos.length, neg.length);
  }

  /**
   * Two thresholds l <= r: predicted "narrower side" when l <= confidence <= r. r runs over the narrower side's span
   * widened by 2 on each side, and l over 4 units around r minus that span, 100 per unit each (the challenge's grid).
   */
  private static double interval(double[] first, double[] second) {
    double firstRange = first[first.length - 1] - first[0];
    double secondRange = second[second.length - 1] - second[0];
    double[] peaky = firstRange >= secondRange ? second : first;
    double[] wide = firstRange >= secondRange ? first : second;
    double width = Math.min(firstRange, secondRange);
    double rightMin = peaky[0] + width - BUFFER;
    double rightMax = peaky[peaky.length - 1] + BUFFER;
    int rights = (int) Math.ceil((rightMax - rightMin) * THRESHOLDS_PER_UNIT);
    int lefts = (int) Math.ceil(2 * BUFFER * THRESHOLDS_PER_UNIT);
    boolean[][] reached = new boolean[peaky.length + 1][wide.length + 1];
    for (int a = 0; a < rights; a++) {
      double r = linspace(rightMin, rightMax, rights, a);
      int peakyUpTo = countAtMost(peaky, r);
      int wideUpTo = countAtMost(wide, r);
      int peakyBelow = 0;
      int wideBelow = 0;
      for (int b = 0; b < lefts; b++) {
        double l = linspace(r - width - BUFFER, r - width + BUFFER, lefts, b);
        // l only grows within this loop, so the counts below it only grow.
        while (peakyBelow < peaky.length && peaky[peakyBelow] < l) {
          peakyBelow++;
        }
        while (wideBelow < wide.length && wide[wideBelow] < l) {
          wideBelow++;
        }
        reached[Math.max(0, peakyUpTo - peakyBelow)][Math.max(0, wideUpTo - wideBelow)] = true;
      }
    }
    return best(reached, peaky.length, wide.length);
  }

  /**
   * The largest bound over the attacks reached: {@code reached[p][n]} when some threshold predicts positive p of the
   * positive side's models and n of the negative side's (many thresholds give the same rates: each pair counts once).
   */
  private static double best(boolean[][] reached, int positives, int negatives) {
    double best = Double.NaN;
    for (int p = 0; p <= positives; p++) {
      for (int n = 0; n <= negatives; n++) {
        if (reached[p][n]) {
          best = nanMax(best, bound((double) n / negatives, 1 - (double) p / positives));
        }
      }
    }
    return best;
  }

  /**
   * The epsilon bound of one attack's rates at delta 1e-5: max(ln(1 - delta - fpr) - ln(fnr), ln(1 - delta - fnr) -
   * ln(fpr)), at least 0; infinite for a perfect attack; NaN (discarded) when exactly one rate is 0, which the
   * challenge reads as too few samples.
   */
  static double bound(double fpr, double fnr) {
    if (fpr == 0 && fnr == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (fpr == 0 || fnr == 0) {
      return Double.NaN;
    }
    double e = nanMax(logOrNaN(1 - DELTA - fpr) - Math.log(fnr), logOrNaN(1 - DELTA - fnr) - Math.log(fpr));
    return Double.isNaN(e) ? e : Math.max(0, e);
  }

  private static double logOrNaN(double x) {
    return x < 0 ? Double.NaN : Math.log(x);
  }

  private static double nanMax(double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    return Double.isNaN(b) ? a : Math.max(a, b);
  }

  /** The k-th of {@code count} evenly spaced values from {@code from} to {@code to}, both included (numpy linspace). */
  private static double linspace(double from, double to, int count, int k) {
    return count == 1 ? from : from + (to - from) * k / (count - 1);
  }

  private static int countAtMost(double[] sorted, double t) {
    int i = Arrays.binarySearch(sorted, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i < sorted.length - 1 && sorted[i + 1] == t) {
      i++;
    }
    return i + 1;
  }

  private static double[] column(double[][] rows, int i) {
    double[] out = new double[rows.length];
    for (int m = 0; m < rows.length; m++) {
      out[m] = rows[m][i];
    }
    return out;
  }

  private static double[] sorted(double[] values) {
    double[] out = values.clone();
    Arrays.sort(out);
    return out;
  }

  static double median(double[] values) {
    double[] s = sorted(values);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }
}
