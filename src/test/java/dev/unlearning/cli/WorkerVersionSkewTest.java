package dev.unlearning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.TerminationMessage;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.operator.TestRequests;
import dev.unlearning.operator.WorkerConfig;
import dev.unlearning.operator.WorkerJobBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator -> worker version contract: the Job says which operator made it, the worker checks the spec. */
class WorkerVersionSkewTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WorkerConfig CONFIG = TestRequests.CONFIG;

  @TempDir
  Path dir;

  @Test
  void theVersionIsThePomsProjectVersion() throws Exception {
    Matcher m = Pattern.compile("<artifactId>unlearning-operator</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    assertThat(BuildVersion.current()).isEqualTo(m.group(1));
  }

  @Test
  void majorMinorDecidesWhichVersionsMatch() {
    assertThat(BuildVersion.majorMinor("0.1.3-SNAPSHOT")).isEqualTo("0.1");
    assertThat(BuildVersion.sameMinor("0.1.0", "0.1.7-SNAPSHOT")).isTrue();
    assertThat(BuildVersion.sameMinor("0.1.0", "0.2.0")).isFalse();
    assertThat(BuildVersion.sameMinor("1.1.0", "0.1.0")).isFalse();
    assertThat(BuildVersion.sameMinor(BuildVersion.UNKNOWN, BuildVersion.UNKNOWN)).isFalse();
    assertThat(BuildVersion.sameMinor(null, "0.1.0")).isFalse();
  }

  @Test
  void theJobCarriesTheOperatorsVersion() {
    Job job = new WorkerJobBuilder(CONFIG).build(request());
    assertThat(job.getMetadata().getLabels()).containsEntry(BuildVersion.LABEL, BuildVersion.current());
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(BuildVersion.LABEL, BuildVersion.current());
    assertThat(env(job)).containsEntry(BuildVersion.ENV_OPERATOR_VERSION, BuildVersion.current());
  }

  @Test
  void aWorkerGivenANewerSpecExits2NamingTheFieldAndBothVersions() throws Exception {
    // What a newer operator (0.99) puts in its Job: this operator's env with a field this worker does not know.
    TerminationMessage m = runNewerSpec(spec -> spec.putObject("job").put("fromVersion99", 600));
    assertThat(m.getMessage()).startsWith("environment variable UNLEARNING_REQUEST: spec.job.fromVersion99: "
            + "not known to this worker (version " + BuildVersion.current() + ")")
        .contains("operator version 0.99.0").contains("spec.job.image");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  /** A value a newer CRD allows (spec.method is an enum): the worker's own CRD names the values it knows. */
  @Test
  void aWorkerGivenANewerMethodExits2NamingTheMethodsItKnows() throws Exception {
    TerminationMessage m = runNewerSpec(spec -> spec.put("method", "scrub"));
    assertThat(m.getMessage()).isEqualTo("spec.method: must be one of [confuse-finetune, finetune, neggrad-plus,"
        + " random-labels, salun, heldout-match, reinit-finetune] (got 'scrub')");
  }

  @Test
  void aSpecWhoseFieldsAreAllKnownIsAcceptedFromAnyVersion() throws Exception {
    String json = JSON.writeValueAsString(request().getSpec());
    for (String operator : new String[] {BuildVersion.current(), "0.99.0", null}) {
      UnlearningRequestSpec spec = SpecFromOperator.read(json, "env", operator, BuildVersion.current());
      assertThat(spec.getForget().getFraction()).isEqualTo(0.1);
      assertThat(spec.getOutput().getUri()).isEqualTo("pvc://results/r");
    }
  }

  @Test
  void aJobWithoutTheOperatorsVersionSaysSo() {
    assertThatThrownBy(() -> SpecFromOperator.read("{\"noiseStdd\":0.3}", "env", null, "0.1.0"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("env: spec.noiseStdd: not known to this worker (version 0.1.0); "
            + "the spec comes from operator version unknown");
  }

  /** Runs the worker on this operator's Job env with the spec changed as a newer operator (0.99) would; exit 2. */
  private TerminationMessage runNewerSpec(Consumer<ObjectNode> newer) throws Exception {
    Map<String, String> env = new HashMap<>(env(new WorkerJobBuilder(CONFIG).build(request())));
    ObjectNode spec = (ObjectNode) JSON.readTree(env.get(WorkerContract.ENV_REQUEST));
    newer.accept(spec);
    env.put(WorkerContract.ENV_REQUEST, JSON.writeValueAsString(spec));
    env.put(BuildVersion.ENV_OPERATOR_VERSION, "0.99.0");
    Path termination = dir.resolve("termination-log");

    WorkerCommand worker = new WorkerCommand();
    worker.env = env::get;
    int exit = new CommandLine(worker).execute("--termination-message-path", termination.toString(),
        "--pvc-root", dir.toString());

    assertThat(exit).isEqualTo(2);
    TerminationMessage m = JSON.readValue(Files.readString(termination), TerminationMessage.class);
    assertThat(m.getReason()).isEqualTo("InvalidInput");
    return m;
  }

  private static UnlearningRequest request() {
    return TestRequests.valid("r");
  }

  private static Map<String, String> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
