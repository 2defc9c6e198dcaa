package dev.unlearning.cli;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.EvidenceSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.api.WorkerContract;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.evidence.EvidenceContext;
import dev.unlearning.engine.evidence.ForgetKey;
import dev.unlearning.engine.evidence.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The evidence record's keys, read before the run loads anything: in the worker pod from the variables the operator
 * fills from spec.evidence's Secrets, in a local run from the files given on the command line. A spec that names a
 * key the run did not get fails (exit code 2) rather than writing a weaker record than it asked for.
 */
final class EvidenceKeys {

  private EvidenceKeys() {}

  /** The worker's: keys, generation, image and operator version from the Job's environment. */
  static EvidenceContext forWorker(UnlearningRequestSpec spec, UnaryOperator<String> env) {
    EvidenceSpec evidence = spec.getEvidence();
    String signing = env.apply(WorkerContract.ENV_SIGNING_KEY);
    String forget = env.apply(WorkerContract.ENV_FORGET_KEY);
    if (evidence != null && evidence.getSigningKey() != null && signing == null) {
      throw missing("spec.evidence.signingKey", "$" + WorkerContract.ENV_SIGNING_KEY);
    }
    if (evidence != null && evidence.getForgetKey() != null && forget == null) {
      throw missing("spec.evidence.forgetKey", "$" + WorkerContract.ENV_FORGET_KEY);
    }
    SigningKey signer = signing == null ? null : SigningKey.read(signing.getBytes(StandardCharsets.UTF_8),
        Optional.ofNullable(env.apply(WorkerContract.ENV_SIGNING_KEY_PASSWORD)).map(String::toCharArray),
        signingSource(evidence));
    ForgetKey forgetKey = forget == null ? null
        : ForgetKey.of(forget.getBytes(StandardCharsets.UTF_8), forgetSource(evidence));
    return new EvidenceContext(signer, forgetKey, generation(env.apply(WorkerContract.ENV_REQUEST_GENERATION)),
        env.apply(WorkerContract.ENV_JOB_IMAGE), env.apply(BuildVersion.ENV_OPERATOR_VERSION));
  }

  /** A local run's: keys from files; the password from $UNLEARNING_SIGNING_KEY_PASSWORD or cosign's $COSIGN_PASSWORD. */
  static EvidenceContext forLocalRun(UnlearningRequestSpec spec, Path signingKey, Path forgetKey,
      UnaryOperator<String> env) {
    EvidenceSpec evidence = spec.getEvidence();
    if (evidence != null && evidence.getSigningKey() != null && signingKey == null) {
      throw new InvalidInputException("spec.evidence.signingKey: names Secret " + evidence.getSigningKey().getName()
          + ", which a local run does not read; pass the key with --signing-key FILE (its password in $"
          + WorkerContract.ENV_SIGNING_KEY_PASSWORD + " or $COSIGN_PASSWORD)");
    }
    if (evidence != null && evidence.getForgetKey() != null && forgetKey == null) {
      throw new InvalidInputException("spec.evidence.forgetKey: names Secret " + evidence.getForgetKey().getName()
          + ", which a local run does not read; pass the key with --forget-key FILE");
    }
    String password = env.apply(WorkerContract.ENV_SIGNING_KEY_PASSWORD);
    if (password == null) {
      password = env.apply("COSIGN_PASSWORD");
    }
    Optional<char[]> pass = Optional.ofNullable(password).map(String::toCharArray);
    SigningKey signer = signingKey == null ? null
        : SigningKey.read(read(signingKey, "--signing-key"), pass, "--signing-key " + signingKey);
    ForgetKey forget = forgetKey == null ? null
        : ForgetKey.of(read(forgetKey, "--forget-key"), "--forget-key " + forgetKey);
    return new EvidenceContext(signer, forget, null, null, null);
  }

  private static InvalidInputException missing(String field, String variable) {
    return new InvalidInputException(field + ": the worker got no key in " + variable + " (the operator sets it from"
        + " the Secret; an operator older than this worker does not)");
  }

  private static String signingSource(EvidenceSpec evidence) {
    if (evidence == null || evidence.getSigningKey() == null) {
      return "$" + WorkerContract.ENV_SIGNING_KEY;
    }
    EvidenceSpec.SigningKey k = evidence.getSigningKey();
    return "spec.evidence.signingKey (Secret " + k.getName() + ", key " + k.effectiveKey() + ")";
  }

  private static String forgetSource(EvidenceSpec evidence) {
    if (evidence == null || evidence.getForgetKey() == null) {
      return "$" + WorkerContract.ENV_FORGET_KEY;
    }
    EvidenceSpec.ForgetKey k = evidence.getForgetKey();
    return "spec.evidence.forgetKey (Secret " + k.getName() + ", key " + k.effectiveKey() + ")";
  }

  static byte[] read(Path file, String option) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Long generation(String value) {
    try {
      return value == null ? null : Long.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
