package dev.unlearning.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** `run -f <dir>/<name>.yaml` of a spec, in this JVM, with the environment {@code env} and its console captured. */
final class RequestFileRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int code, String console) {}

  private RequestFileRun() {}

  static Result run(Path dir, String name, UnlearningRequestSpec spec, Map<String, String> env, String... options)
      throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, JSON.writeValueAsString(Map.of("apiVersion", UnlearningRequest.API_VERSION,
        "kind", UnlearningRequest.KIND, "metadata", Map.of("name", name), "spec", spec)));
    RunCommand run = new RunCommand();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    run.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    run.err = run.out;
    run.env = env::get;
    List<String> args = new ArrayList<>(List.of("-f", file.toString()));
    args.addAll(List.of(options));
    int code = new CommandLine(run).execute(args.toArray(String[]::new));
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
