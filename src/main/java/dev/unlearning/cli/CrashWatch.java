package dev.unlearning.cli;

import dev.unlearning.api.NativeCrash;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a local run in a child JVM and says what ended it when a signal did. A JVM that dies of a fault in native
 * code (libtorch, oneDNN) cannot report it itself: it writes a crash report and aborts, and the shell shows exit
 * code 134. The child is this JVM's own command line again, with {@value #IN_PROCESS} and the crash report at a
 * known path; its output is this process' output, and its exit code this process' exit code.
 */
final class CrashWatch {

  /** The option that makes the child run the request itself. */
  static final String IN_PROCESS = "--no-watch";

  private final Path reportDir;

  CrashWatch(Path reportDir) {
    this.reportDir = reportDir;
  }

  /**
   * This JVM's command line ({@code java ARGS...}) as the child's, when it runs the packaged application
   * ({@code java ... -jar .../quarkus-run.jar ...}, as the README and the images do): the crash report goes to
   * {@link #reportFile}, and the run stays in the child. Empty otherwise (a test, dev mode, or a platform that does
   * not tell the command line): the run then stays in this JVM.
   */
  Optional<List<String>> childCommand(Optional<String> java, Optional<String[]> arguments) {
    if (java.isEmpty() || arguments.isEmpty() || !runsPackagedApplication(List.of(arguments.get()))) {
      return Optional.empty();
    }
    List<String> command = withCrashReport(java.get(), List.of(arguments.get()));
    command.add(IN_PROCESS);
    return Optional.of(command);
  }

  /** {@code java} with the crash report of {@link #reportFile} and then {@code arguments}. */
  List<String> withCrashReport(String java, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-XX:ErrorFile=" + reportDir.resolve("unlearning-hs_err_pid%p.log"));
    command.addAll(arguments);
    return command;
  }

  private static boolean runsPackagedApplication(List<String> arguments) {
    int jar = arguments.indexOf("-jar");
    return jar >= 0 && jar + 1 < arguments.size() && Path.of(arguments.get(jar + 1)).getFileName() != null
        && Path.of(arguments.get(jar + 1)).getFileName().toString().equals("quarkus-run.jar");
  }

  /** Runs the child to its end and returns its exit code, after saying on {@code err} what a signal did. */
  int run(List<String> command, PrintStream err) {
    Process child;
    try {
      child = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the run's JVM " + command.get(0), e);
    }
    // A stop of this JVM (SIGTERM, SIGINT) stops the child too.
    Thread stopChild = new Thread(child::destroy, "stop-run");
    Runtime.getRuntime().addShutdownHook(stopChild);
    int exit;
    try {
      exit = child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroy();
      return 1;
    }
    Runtime.getRuntime().removeShutdownHook(stopChild);
    describe(exit, child.pid()).ifPresent(message -> err.println("error: " + message));
    return exit;
  }

  /** Where the child of this pid writes its crash report. */
  Path reportFile(long pid) {
    return reportDir.resolve("unlearning-hs_err_pid" + pid + ".log");
  }

  /** What ended the child, when it was not its own exit: a native crash, with its report, or a signal. */
  Optional<String> describe(int exit, long pid) {
    Path report = reportFile(pid);
    Optional<NativeCrash> crash = Optional.empty();
    if (Files.isRegularFile(report)) {
      try {
        crash = NativeCrash.parse(Files.readString(report));
      } catch (IOException e) {
        crash = Optional.of(new NativeCrash("a signal", null, report.toString()));
      }
    }
    if (crash.isPresent()) {
      return Optional.of("the run crashed in native code: the JVM caught " + crash.get().describe()
          + " and aborted (exit code " + exit + "); its crash report: " + report);
    }
    if (NativeCrash.bySignal(exit)) {
      return Optional.of("the run was ended by " + NativeCrash.describeExit(exit)
          + (exit == NativeCrash.SIGNAL_EXIT_BASE + 9 ? ", e.g. by the kernel when memory ran out" : ""));
    }
    return Optional.empty();
  }
}
