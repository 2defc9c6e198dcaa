package dev.unlearning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged operator ({@code java -jar quarkus-run.jar operator}, without leader election) in its own
 * JVM with the Deployment's heap (384 MiB: 75% of its 512 MiB limit), pointed at the mock API server; its heap is
 * read with jcmd after a full GC (the live set), its peak RSS from /proc.
 */
final class OperatorProcess implements AutoCloseable {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private final Process process;

  OperatorProcess(String jar, String apiServer, List<String> settings, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // The Deployment's heap: -XX:MaxRAMPercentage=75.0 of its 768Mi memory limit (the runs of 2026-11-27 up to
        // that of 18:01 UTC used 384m, the heap of the former 512Mi limit).
        "-Xmx576m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
        "-Dquarkus.kubernetes-client.api-server-url=" + apiServer,
        "-Dquarkus.kubernetes-client.trust-certs=true",
        // Not prod: no leader election. One replica needs none, and on a loaded machine the mock server answers a
        // Lease renewal late enough to stop the operator (as a lost lease should); renewals cost ~1 call/s.
        "-Dquarkus.profile=bench",
        "-Dquarkus.log.category.\"io.javaoperatorsdk\".level=WARN"));
    settings.forEach(s -> command.add("-D" + s));
    command.addAll(List.of("-jar", jar, "operator"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HOSTNAME", "operator-load-0");
    process = builder.start();
  }

  /** Heap in use after a full GC, in MiB. */
  double liveHeapMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no heap size in jcmd GC.heap_info");
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  /** Peak resident set size (VmHWM), in MiB. */
  double peakRssMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmHWM for pid " + process.pid());
  }

  /** CPU time the operator used so far (user + system), in seconds. */
  double cpuSeconds() {
    return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
  }

  boolean alive() {
    return process.isAlive();
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(process.pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
