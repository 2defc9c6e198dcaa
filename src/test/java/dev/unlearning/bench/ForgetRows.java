package dev.unlearning.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One row of the forgetting-quality table: F of a set of unlearned models against the retrained pool, the challenge's
 * utility (retain-accuracy ratio x test-accuracy ratio, means over the models, unlearned over retrained) and final
 * score F x utility, with the accuracies and costs behind them.
 */
final class ForgetRows {

  private ForgetRows() {}

  static Map<String, Object> row(String setting, List<ForgetMeasurement> unlearned, List<ForgetMeasurement> retrained) {
    ForgettingQuality.Result q = ForgettingQuality.score(confidences(unlearned), confidences(retrained));
    double utility = mean(unlearned, ForgetMeasurement::retain) / mean(retrained, ForgetMeasurement::retain)
        * mean(unlearned, ForgetMeasurement::test) / mean(retrained, ForgetMeasurement::test);
    double[] eps = q.epsilons().clone();
    Arrays.sort(eps);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("setting", setting);
    row.put("models", unlearned.size());
    row.put("forgetExamples", eps.length);
    row.put("F", q.f());
    row.put("utility", utility);
    row.put("finalScore", q.f() * utility);
    row.put("epsilonMedian", ForgettingQuality.median(eps));
    row.put("epsilonBelowHalf", (double) Arrays.stream(eps).filter(e -> e < ForgettingQuality.BUCKET).count()
        / eps.length);
    row.put("epsilonAtCap", (double) Arrays.stream(eps).filter(e -> e >= ForgettingQuality.EPSILON_CAP).count()
        / eps.length);
    row.put("unlearned", accuracies(unlearned));
    row.put("retrained", accuracies(retrained));
    row.put("cpuSecondsPerModel", mean(unlearned, ForgetMeasurement::cpuSeconds));
    row.put("retrainCpuSecondsPerModel", mean(retrained, ForgetMeasurement::cpuSeconds));
    return row;
  }

  static String table(List<Map<String, Object>> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| setting | models per side | F | utility | final score (F x utility) | median epsilon"
        + " | examples with epsilon < 0.5 | retain / forget / test accuracy (unlearned) | CPU s per model |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Double> acc = (Map<String, Double>) r.get("unlearned");
      out.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.2f | %.1f%% | %.4f / %.4f / %.4f"
          + " | %.1f |%n", r.get("setting"), (Integer) r.get("models"), (Double) r.get("F"), (Double) r.get("utility"),
          (Double) r.get("finalScore"), (Double) r.get("epsilonMedian"), 100 * (Double) r.get("epsilonBelowHalf"),
          acc.get("retain"), acc.get("forget"), acc.get("test"), (Double) r.get("cpuSecondsPerModel")));
    }
    return out.toString();
  }

  private static Map<String, Double> accuracies(List<ForgetMeasurement> models) {
    Map<String, Double> acc = new LinkedHashMap<>();
    acc.put("retain", mean(models, ForgetMeasurement::retain));
    acc.put("forget", mean(models, ForgetMeasurement::forget));
    acc.put("test", mean(models, ForgetMeasurement::test));
    return acc;
  }

  private static double[][] confidences(List<ForgetMeasurement> models) {
    return models.stream().map(ForgetMeasurement::confidences).toArray(double[][]::new);
  }

  private static double mean(List<ForgetMeasurement> models, ToDoubleFunction<ForgetMeasurement> f) {
    return models.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
