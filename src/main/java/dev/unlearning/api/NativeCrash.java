package dev.unlearning.api;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker JVM that died of a signal: what its exit code says (128 + the signal's number) and, when the JVM's fatal
 * error report is at hand (its crash report file, or the log tail Kubernetes keeps as the termination message), the
 * signal it caught in native code and the frame it caught it in. The JVM ends with SIGABRT (exit code 134) after
 * writing that report, so the signal of the exit code alone does not say what went wrong.
 */
public record NativeCrash(String signal, String frame, String reportFile) {

  /** The first exit code of a process ended by a signal, as a shell or a container runtime reports it. */
  public static final int SIGNAL_EXIT_BASE = 128;

  private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
      Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
      Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"),
      Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"));
  // "#  SIGFPE (0x8) at pc=0x00007f0640030a92, pid=11140, tid=11141"
  private static final Pattern SIGNAL_LINE = Pattern.compile("#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\) at pc=");
  // "# C  [libtorch_cpu.so+0x11630a92]  dnnl::...::est_eff_1x1()+0xae2", the line after "# Problematic frame:"
  private static final Pattern FRAME_LINE = Pattern.compile("# Problematic frame:\\R#\\s+(.+)");
  // "# /tmp/hs_err_pid1.log", the line after "# An error report file with more information is saved as:"
  private static final Pattern REPORT_LINE = Pattern.compile("saved as:\\R#\\s*(\\S+)");

  /** Whether an exit code is that of a process ended by a signal. */
  public static boolean bySignal(int exitCode) {
    return exitCode > SIGNAL_EXIT_BASE && exitCode < SIGNAL_EXIT_BASE + 65;
  }

  /** "SIGABRT (exit code 134 = 128 + signal 6)" for exit code 134. */
  public static String describeExit(int exitCode) {
    int signal = exitCode - SIGNAL_EXIT_BASE;
    String name = SIGNALS.getOrDefault(signal, "signal " + signal);
    return name + " (exit code " + exitCode + " = 128 + signal " + signal + ")";
  }

  /** The JVM's fatal error report in {@code text} (a crash report, or a log that holds its header), if any. */
  public static Optional<NativeCrash> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher signal = SIGNAL_LINE.matcher(text);
    if (!signal.find()) {
      return Optional.empty();
    }
    Matcher frame = FRAME_LINE.matcher(text);
    Matcher report = REPORT_LINE.matcher(text);
    return Optional.of(new NativeCrash(signal.group(1), frame.find() ? frame.group(1).strip() : null,
        report.find() ? report.group(1) : null));
  }

  /** "SIGFPE in C [libtorch_cpu.so+0x11630a92] dnnl::...", for a message. */
  public String describe() {
    return signal + (frame != null ? " in " + frame.replaceAll("\\s+", " ") : "");
  }
}
