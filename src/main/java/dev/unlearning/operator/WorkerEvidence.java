package dev.unlearning.operator;

import dev.unlearning.api.EvidenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence record's keys in the worker pod: each a variable filled by the kubelet from a key of spec.evidence's
 * Secrets (valueFrom.secretKeyRef), as spec.storage's credentials are. The operator only names the Secret, so its
 * RBAC needs no access to secrets and no key passes through it. A missing Secret or key keeps the pod from starting
 * (CreateContainerConfigError), except the default password key, which an unencrypted key does not need.
 */
final class WorkerEvidence {

  private WorkerEvidence() {}

  static List<EnvVar> env(UnlearningRequestSpec spec) {
    EvidenceSpec evidence = spec.getEvidence();
    List<EnvVar> env = new ArrayList<>();
    if (evidence == null) {
      return env;
    }
    EvidenceSpec.SigningKey signing = evidence.getSigningKey();
    if (signing != null) {
      env.add(fromSecret(WorkerContract.ENV_SIGNING_KEY, signing.getName(), signing.effectiveKey(), false));
      env.add(fromSecret(WorkerContract.ENV_SIGNING_KEY_PASSWORD, signing.getName(), signing.effectivePasswordKey(),
          signing.getPasswordKey() == null));
    }
    EvidenceSpec.ForgetKey forget = evidence.getForgetKey();
    if (forget != null) {
      env.add(fromSecret(WorkerContract.ENV_FORGET_KEY, forget.getName(), forget.effectiveKey(), false));
    }
    return env;
  }

  private static EnvVar fromSecret(String variable, String secret, String key, boolean optional) {
    return new EnvVarBuilder().withName(variable)
        .withNewValueFrom().withNewSecretKeyRef(key, secret, optional).endValueFrom()
        .build();
  }
}
