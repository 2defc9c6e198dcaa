package dev.unlearning.cli;

import dev.unlearning.engine.evidence.ForgetKey;
import dev.unlearning.engine.evidence.RecordVerifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks an evidence record: its signature, the model against its subject, the forget set against its digest. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verifies an evidence record (evidence.intoto.jsonl, a DSSE envelope of an in-toto Statement) and"
        + " reports each check.",
    footer = {"", "Exit codes: 0 verified, 2 invalid input (a file missing or not a record or key, a signed record"
        + " without --key), 5 signature invalid, 6 model does not match, 7 unsigned, 8 forget set does not match."})
public class VerifyCommand implements Callable<Integer> {

  @Option(names = "--evidence", required = true, paramLabel = "FILE", description = "The record, evidence.intoto.jsonl.")
  Path evidence;

  @Option(names = "--model", paramLabel = "FILE", description = "The model file to check against the record's subject.")
  Path model;

  @Option(names = "--key", paramLabel = "PUBLIC.pem",
      description = "The signer's ECDSA P-256 public key in PEM (cosign.pub, or openssl pkey -pubout).")
  Path key;

  @Option(names = "--forget-indices", paramLabel = "FILE",
      description = "forget-indices.txt of the run, to check against the record's forget digest.")
  Path forgetIndices;

  @Option(names = "--forget-key", paramLabel = "FILE", description = "The HMAC key of a keyed forget digest.")
  Path forgetKey;

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    try {
      byte[] record = EvidenceKeys.read(evidence, "--evidence");
      PublicKey publicKey = key == null ? null
          : RecordVerifier.publicKey(EvidenceKeys.read(key, "--key"), "--key " + key);
      if (model != null) {
        EvidenceKeys.read(model, "--model");
      }
      byte[] indices = forgetIndices == null ? null : EvidenceKeys.read(forgetIndices, "--forget-indices");
      ForgetKey hmac = forgetKey == null ? null
          : ForgetKey.of(EvidenceKeys.read(forgetKey, "--forget-key"), "--forget-key " + forgetKey);
      RecordVerifier.Report report = RecordVerifier.verify(record, publicKey, model, indices, hmac);
      out.println("record:     " + evidence);
      for (RecordVerifier.Line line : report.lines()) {
        out.printf(Locale.ROOT, "%-11s %s  %s%n", line.check() + ":", line.ok() ? "ok    " : "FAILED", line.detail());
      }
      out.println(report.outcome() == RecordVerifier.Outcome.VERIFIED ? "verified" : "not verified (exit code "
          + report.exitCode() + ")");
      return report.exitCode();
    } catch (RuntimeException e) {
      return Failure.report(e, err);
    }
  }
}
