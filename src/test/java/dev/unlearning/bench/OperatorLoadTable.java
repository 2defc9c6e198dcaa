package dev.unlearning.bench;

import dev.unlearning.bench.OperatorLoadBenchmark.PhaseResult;
import dev.unlearning.bench.OperatorLoadBenchmark.RunResult;
import java.time.Duration;
import java.util.List;

/** The markdown tables of the operator load benchmark: calls by verb and resource per phase, then the totals. */
final class OperatorLoadTable {

  private OperatorLoadTable() {}

  static String render(List<RunResult> results, Duration running) {
    StringBuilder out = new StringBuilder();
    List<String> keys = OperatorLoadBenchmark.keys(results);
    out.append("| operator calls |");
    results.forEach(r -> r.phases().forEach(p -> out.append(" ").append(r.mode()).append(": ").append(p.name())
        .append(" |")));
    results.forEach(r -> out.append(" ").append(r.mode()).append(": total |"));
    out.append("\n|---|");
    results.forEach(r -> r.phases().forEach(p -> out.append("---:|")));
    results.forEach(r -> out.append("---:|"));
    out.append('\n');
    for (String key : keys) {
      out.append("| ").append(key).append(" |");
      results.forEach(r -> r.phases().forEach(p -> out.append(" ").append(p.calls().getOrDefault(key, 0)).append(" |")));
      results.forEach(r -> out.append(" ").append(OperatorLoadBenchmark.total(r).getOrDefault(key, 0)).append(" |"));
      out.append('\n');
    }
    out.append("| **all** |");
    results.forEach(r -> r.phases().forEach(p -> out.append(" ").append(ApiCalls.sum(p.calls())).append(" |")));
    results.forEach(r -> out.append(" ").append(ApiCalls.sum(OperatorLoadBenchmark.total(r))).append(" |"));
    out.append("\n| seconds |");
    results.forEach(r -> r.phases().forEach(p -> out.append(String.format(" %.0f |", p.seconds()))));
    results.forEach(r -> out.append(String.format(" %.0f |", r.phases().stream().mapToDouble(PhaseResult::seconds).sum())));
    out.append("\n\n| run | requests | log reads/s while all run | status patches/s | requests with progress |"
        + " live heap after GC (MiB) | peak RSS (MiB) | operator CPU (s) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RunResult r : results) {
      out.append(String.format("| progress %s | %d | %.2f | %.2f | %d | %.0f | %.0f | %.0f |%n", r.mode(), r.requests(),
          r.logReadsPerSecond(), r.statusPatchesPerSecond(), r.requestsWithProgress(), r.liveHeapMiB(),
          r.peakRssMiB(), r.operatorCpuSeconds()));
    }
    out.append("\n(log reads and status patches per second over the ").append(running.toSeconds())
        .append(" s in which all requests run)\n");
    return out.toString();
  }
}
