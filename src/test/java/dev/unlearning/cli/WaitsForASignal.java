package dev.unlearning.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM for CrashWatchTest: writes its pid to the file it is given once it runs, then waits for a signal or exits with args[1]. */
public final class WaitsForASignal {

  private WaitsForASignal() {}

  public static void main(String[] args) throws Exception {
    Files.writeString(Path.of(args[0] + ".tmp"), Long.toString(ProcessHandle.current().pid()));
    Files.move(Path.of(args[0] + ".tmp"), Path.of(args[0]));
    if (args.length > 1) {
      System.exit(Integer.parseInt(args[1]));
    }
    Thread.sleep(120_000);
  }
}
