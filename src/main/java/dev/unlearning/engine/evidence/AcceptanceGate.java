package dev.unlearning.engine.evidence;

import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.Accuracies;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.ResultGaps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Judges an unlearned model against spec.acceptance, at the precision the status shows: accuracies to 4 decimals,
 * differences in points to 2 decimals, the MIA distance to 4 decimals; a threshold whose value was not measured is
 * missed. Without spec.acceptance every run passes ({@link EvidenceSummary#NOT_GATED}).
 */
public final class AcceptanceGate {

  private AcceptanceGate() {}

  /** One threshold: its field, the value measured (null: not measured), the limit and whether it was met. */
  public record Check(String threshold, Double measured, double limit, boolean met, String description) {}

  /** The verdict and each check, in the order of {@link AcceptanceSpec}'s fields. */
  public record Verdict(String verdict, List<Check> checks) {

    public boolean rejected() {
      return EvidenceSummary.REJECTED.equals(verdict);
    }

    /** Each check on one line: {@code description: met|MISSED}, separated by "; ". */
    public String checksLine() {
      return String.join("; ", checks.stream().map(c -> c.description() + (c.met() ? ": met" : ": MISSED")).toList());
    }

    /** The missed thresholds with their measured values, e.g. for the error line and the request's message. */
    public String missed() {
      return String.join("; ", checks.stream().filter(c -> !c.met()).map(Check::description).toList());
    }
  }

  public static Verdict judge(AcceptanceSpec gate, Accuracies original, Accuracies unlearned, ResultGaps gaps) {
    if (gate == null) {
      return new Verdict(EvidenceSummary.NOT_GATED, List.of());
    }
    Accuracies o = original.rounded();
    Accuracies u = unlearned.rounded();
    List<Check> checks = new ArrayList<>();
    if (gate.getMaxForgetAboveTest() != null) {
      Double above = points(u.getForget(), u.getTest());
      add(checks, "maxForgetAboveTest", above, gate.getMaxForgetAboveTest(),
          "forget accuracy above test accuracy was not measured",
          "forget accuracy %s is %.2f points above test accuracy %s (at most %.2f)", fmt4(u.getForget()), above,
          fmt4(u.getTest()));
    }
    if (gate.getMaxMiaDistance() != null) {
      Double distance = finite(u.getMia()) ? round(Math.abs(u.getMia() - 0.5), 10_000) : null;
      add(checks, "maxMiaDistance", distance, gate.getMaxMiaDistance(), "the MIA score was not measured",
          "MIA %s is %.4f from 0.5 (at most %.4f)", fmt4(u.getMia()), distance);
    }
    if (gate.getMaxRetainDrop() != null) {
      Double drop = points(o.getRetain(), u.getRetain());
      add(checks, "maxRetainDrop", drop, gate.getMaxRetainDrop(), "the retain accuracies were not measured",
          "retain accuracy %s is %.2f points below the original's %s (at most %.2f)", fmt4(u.getRetain()), drop,
          fmt4(o.getRetain()));
    }
    gap(checks, "maxAvgGap", "Avg Gap", gate.getMaxAvgGap(), gaps, ResultGaps::getAverage);
    gap(checks, "maxRetainGap", "retain gap", gate.getMaxRetainGap(), gaps, ResultGaps::getRetain);
    gap(checks, "maxForgetGap", "forget gap", gate.getMaxForgetGap(), gaps, ResultGaps::getForget);
    gap(checks, "maxTestGap", "test gap", gate.getMaxTestGap(), gaps, ResultGaps::getTest);
    gap(checks, "maxMiaGap", "MIA gap", gate.getMaxMiaGap(), gaps, ResultGaps::getMia);
    boolean met = checks.stream().allMatch(Check::met);
    return new Verdict(met ? EvidenceSummary.ACCEPTED : EvidenceSummary.REJECTED, List.copyOf(checks));
  }

  private static void gap(List<Check> checks, String field, String name, Double limit, ResultGaps gaps,
      Function<ResultGaps, Double> value) {
    if (limit == null) {
      return;
    }
    Double gap = gaps == null ? null : value.apply(gaps);
    checks.add(new Check(field, gap, limit, gap != null && Math.abs(gap) <= limit, gap == null
        ? name + " to the retrained reference was not measured"
        : String.format(Locale.ROOT, "%s to the retrained reference is %.2f points (at most %.2f either way)", name,
            gap, limit)));
  }

  /** A check met when {@code measured <= limit}; {@code format} takes {@code args} and then the limit. */
  private static void add(List<Check> checks, String field, Double measured, double limit, String missing,
      String format, Object... args) {
    Object[] withLimit = java.util.Arrays.copyOf(args, args.length + 1);
    withLimit[args.length] = limit;
    checks.add(new Check(field, measured, limit, measured != null && measured <= limit,
        measured == null ? missing : String.format(Locale.ROOT, format, withLimit)));
  }

  /** 100 x (a - b) to 2 decimals, or null when either is missing. */
  private static Double points(Double a, Double b) {
    return finite(a) && finite(b) ? round(100 * (a - b), 100) : null;
  }

  private static boolean finite(Double v) {
    return v != null && Double.isFinite(v);
  }

  private static double round(double v, int scale) {
    return Math.round(v * scale) / (double) scale;
  }

  private static String fmt4(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }
}
