package dev.unlearning.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The user and groups this process runs as, for messages about files it cannot write. Read from the kernel
 * ({@code /proc/self/status}), not from the user database: a pod may run as an id that has no entry there (an
 * override, OpenShift's assigned ids), and the JDK's {@code UnixSystem} then reports uid 0.
 */
record ProcessIdentity(long uid, long gid, long[] groups) {

  static final Path STATUS = Path.of("/proc/self/status");

  /** This process; ids -1 where the platform does not tell (not Linux). */
  static ProcessIdentity current() {
    try {
      return parse(Files.readAllLines(STATUS));
    } catch (IOException | RuntimeException e) {
      return new ProcessIdentity(-1, -1, new long[0]);
    }
  }

  /** From the lines of {@code /proc/<pid>/status}: the effective user and group ids and the supplementary groups. */
  static ProcessIdentity parse(List<String> status) {
    return new ProcessIdentity(field(status, "Uid:")[1], field(status, "Gid:")[1], field(status, "Groups:"));
  }

  private static long[] field(List<String> status, String name) {
    String line = status.stream().filter(l -> l.startsWith(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " line"));
    String values = line.substring(name.length()).strip();
    return values.isEmpty() ? new long[0] : Arrays.stream(values.split("\\s+")).mapToLong(Long::parseLong).toArray();
  }

  /** E.g. {@code uid 185, gid 185, groups [185]}. */
  String describe() {
    if (uid < 0) {
      return "an unknown user";
    }
    String all = Arrays.stream(groups).mapToObj(Long::toString).collect(Collectors.joining(", "));
    return "uid " + uid + ", gid " + gid + ", groups [" + all + "]";
  }
}
