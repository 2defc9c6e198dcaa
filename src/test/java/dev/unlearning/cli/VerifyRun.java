package dev.unlearning.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** `verify` run in this JVM as the command line runs it: its exit code and what it printed (out and err). */
record VerifyRun(int code, String console) {

  static VerifyRun of(String... args) {
    VerifyCommand verify = new VerifyCommand();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    verify.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    verify.err = verify.out;
    int code = new CommandLine(verify).execute(args);
    return new VerifyRun(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
