package dev.unlearning.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.unlearning.api.UnlearningRequestSpec;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a request YAML through the engine and prints the summary: the measuring tool for the embedded default
 * (java -cp ... dev.unlearning.engine.LocalRun k8s/unlearn-local.yaml). Not a test; the CLI's run command is the real
 * entry point.
 */
public final class LocalRun {

  public static void main(String[] args) throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    JsonNode doc = yaml.readTree(Path.of(args[0]).toFile());
    UnlearningRequestSpec spec = yaml.treeToValue(doc.get("spec"), UnlearningRequestSpec.class);
    ProgressListener log = new ProgressListener() {
      @Override
      public void phaseFinished(String phase, Duration d) {
        System.out.printf("%-18s %6.1f s%n", phase, d.toMillis() / 1000.0);
      }

      @Override
      public void epochFinished(String phase, int epoch, double loss, double acc) {
        System.out.printf("  %s epoch %d: loss %.4f acc %.4f%n", phase, epoch, loss, acc);
      }
    };
    UnlearningResult r = new UnlearningPipeline(Path.of("/mnt/pvc"), log).run(spec);
    System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.summary()));
  }
}
