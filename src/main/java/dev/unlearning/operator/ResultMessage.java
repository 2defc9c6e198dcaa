package dev.unlearning.operator;

import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ResultSummary;
import java.util.Locale;

/** The message of a succeeded request: the accuracies the worker measured, and the Avg Gap to retraining if any. */
final class ResultMessage {

  private ResultMessage() {}

  /** e.g. "unlearned retain 0.912, forget 0.514, test 0.884 (original 0.990, 0.989, 0.902)". */
  static String of(ResultSummary results) {
    StringBuilder b = new StringBuilder("unlearned ").append(accuracies(results.getUnlearned()));
    if (results.getOriginal() != null) {
      b.append(" (original ").append(accuracies(results.getOriginal())).append(")");
    }
    if (results.getGaps() != null && results.getGaps().getAverage() != null) {
      b.append(String.format(Locale.ROOT, "; Avg Gap %.2f points to retraining", results.getGaps().getAverage()));
    }
    return b.toString();
  }

  private static String accuracies(Accuracies a) {
    if (a == null) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "retain %s, forget %s, test %s", fmt(a.getRetain()), fmt(a.getForget()), fmt(a.getTest()));
  }

  private static String fmt(Double d) {
    return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
  }
}
