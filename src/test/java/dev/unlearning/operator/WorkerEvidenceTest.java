package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.EvidenceSpec;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The evidence keys reach the worker as the storage credentials do: named Secret keys the kubelet resolves. */
class WorkerEvidenceTest {

  private final WorkerJobBuilder builder = new WorkerJobBuilder(TestRequests.CONFIG);

  @Test
  void theKeysAreSecretKeyReferencesAndTheRecordLearnsGenerationAndImage() {
    UnlearningRequest request = TestRequests.valid("a");
    request.getSpec().setEvidence(new EvidenceSpec());
    request.getSpec().getEvidence().setSigningKey(new EvidenceSpec.SigningKey("cosign-keys"));
    EvidenceSpec.ForgetKey forget = new EvidenceSpec.ForgetKey("hmac");
    forget.setKey("k");
    request.getSpec().getEvidence().setForgetKey(forget);
    Map<String, EnvVar> env = env(builder.build(request));

    assertThat(ref(env, WorkerContract.ENV_SIGNING_KEY)).satisfies(r -> {
      assertThat(r.getName()).isEqualTo("cosign-keys");
      assertThat(r.getKey()).isEqualTo("cosign.key");
      assertThat(r.getOptional()).isFalse();
    });
    // cosign generate-key-pair writes cosign.password; an unencrypted openssl key needs none.
    assertThat(ref(env, WorkerContract.ENV_SIGNING_KEY_PASSWORD)).satisfies(r -> {
      assertThat(r.getKey()).isEqualTo("cosign.password");
      assertThat(r.getOptional()).isTrue();
    });
    assertThat(ref(env, WorkerContract.ENV_FORGET_KEY)).satisfies(r -> {
      assertThat(r.getName()).isEqualTo("hmac");
      assertThat(r.getKey()).isEqualTo("k");
      assertThat(r.getOptional()).isFalse();
    });
    assertThat(env.values()).allSatisfy(e -> assertThat(e.getValue() == null || !e.getValue().contains("PRIVATE")));
    assertThat(env.get(WorkerContract.ENV_REQUEST_GENERATION).getValue()).isEqualTo("1");
    assertThat(env.get(WorkerContract.ENV_JOB_IMAGE).getValue()).isEqualTo("registry.example/unlearning:1.0");

    request.getSpec().getEvidence().getSigningKey().setPasswordKey("pass");
    assertThat(ref(env(builder.build(request)), WorkerContract.ENV_SIGNING_KEY_PASSWORD).getOptional())
        .as("a password key the spec names must exist").isFalse();
  }

  @Test
  void withoutSpecEvidenceNoSecretIsNamed() {
    Map<String, EnvVar> env = env(builder.build(TestRequests.valid("a")));
    assertThat(env).doesNotContainKeys(WorkerContract.ENV_SIGNING_KEY, WorkerContract.ENV_SIGNING_KEY_PASSWORD,
        WorkerContract.ENV_FORGET_KEY);
    assertThat(env.values()).noneMatch(e -> e.getValueFrom() != null);
  }

  private static SecretKeySelector ref(Map<String, EnvVar> env, String name) {
    return env.get(name).getValueFrom().getSecretKeyRef();
  }

  private static Map<String, EnvVar> env(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
    Container worker = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    return worker.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
  }
}
