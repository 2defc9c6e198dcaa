package dev.unlearning.engine.evidence;

/**
 * What a run's evidence record needs from outside the spec: the keys (each may be null: unsigned record, unkeyed
 * forget digest) and who ran it, as the Job says (generation, worker image, operator version; null for a local run).
 */
public record EvidenceContext(SigningKey signer, ForgetKey forgetKey, Long generation, String workerImage,
    String operatorVersion) {

  /** No keys, no Job: an unsigned record with a plain forget digest. */
  public static EvidenceContext none() {
    return new EvidenceContext(null, null, null, null, null);
  }
}
