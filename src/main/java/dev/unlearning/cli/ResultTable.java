package dev.unlearning.cli;

import dev.unlearning.api.Accuracies;
import dev.unlearning.api.ResultGaps;
import dev.unlearning.api.ResultSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The table a local run ends with: accuracies of the original and unlearned models, then the durations. */
final class ResultTable {

  private ResultTable() {}

  static String render(ResultSummary s) {
    List<String> headers = new ArrayList<>(List.of("set", "samples", "original", "unlearned"));
    boolean retrained = s.getRetrained() != null;
    if (retrained) {
      headers.add("retrained");
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("retain", s.getRetainSize(), s, Accuracies::getRetain, retrained));
    rows.add(row("forget", s.getForgetSize(), s, Accuracies::getForget, retrained));
    rows.add(row("test", s.getTestSize(), s, Accuracies::getTest, retrained));
    if (s.getOriginal() != null && s.getOriginal().getMia() != null) {
      // A score, not an accuracy: 0.5 means the forget set looks like unseen data.
      rows.add(row("MIA score", null, s, Accuracies::getMia, retrained, "%.3f", 1));
    }
    StringBuilder out = new StringBuilder(table(headers, rows));
    out.append(gaps(s.getGaps())).append("\n\n");
    List<List<String>> durations = new ArrayList<>();
    for (Map.Entry<String, Double> d : s.getDurationsSeconds().entrySet()) {
      durations.add(List.of(d.getKey(), String.format(Locale.ROOT, "%.1f s", d.getValue())));
    }
    out.append(table(List.of("phase", "duration"), durations));
    if (s.getDevice() != null) {
      out.append("device: ").append(s.getDevice()).append('\n');
    }
    if (s.getForgetIndicesSha256() != null) {
      out.append("forget indices sha256: ").append(s.getForgetIndicesSha256()).append('\n');
    }
    return out.toString();
  }

  /** The gaps to the retrain-from-scratch reference in points, or what they need. */
  static String gaps(ResultGaps g) {
    if (g == null) {
      return "gaps to retraining: need spec.reference.retrain: true";
    }
    return String.format(Locale.ROOT, "gaps to retraining (points): retain %s, forget %s, test %s, MIA x 100 %s; "
        + "Avg Gap %s; utility %s", signed(g.getRetain()), signed(g.getForget()), signed(g.getTest()),
        signed(g.getMia()), g.getAverage() == null ? "-" : String.format(Locale.ROOT, "%.2f", g.getAverage()),
        g.getUtility() == null ? "-" : String.format(Locale.ROOT, "%.4f", g.getUtility()));
  }

  private static String signed(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%+.2f", v);
  }

  private static List<String> row(String name, Integer size, ResultSummary s, Function<Accuracies, Double> value,
      boolean retrained) {
    return row(name, size, s, value, retrained, "%.1f%%", 100);
  }

  private static List<String> row(String name, Integer size, ResultSummary s, Function<Accuracies, Double> value,
      boolean retrained, String format, double scale) {
    List<String> row = new ArrayList<>();
    row.add(name);
    row.add(size == null ? "" : size.toString());
    row.add(cell(s.getOriginal(), value, format, scale));
    row.add(cell(s.getUnlearned(), value, format, scale));
    if (retrained) {
      row.add(cell(s.getRetrained(), value, format, scale));
    }
    return row;
  }

  private static String cell(Accuracies a, Function<Accuracies, Double> value, String format, double scale) {
    Double v = a == null ? null : value.apply(a);
    return v == null ? "-" : String.format(Locale.ROOT, format, scale * v);
  }

  private static String table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    sb.append(rule).append('\n');
    for (List<String> r : rows) {
      line(sb, r, widths);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(widths[i] - c.length());
      // Names left-aligned, numbers right-aligned.
      sb.append(i == 0 ? "" : " | ").append(i == 0 ? c + pad : pad + c);
    }
    sb.append('\n');
  }
}
