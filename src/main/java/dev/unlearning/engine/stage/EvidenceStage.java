package dev.unlearning.engine.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.Location;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.ResultGaps;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.evidence.AcceptanceGate;
import dev.unlearning.engine.evidence.Digests;
import dev.unlearning.engine.evidence.Dsse;
import dev.unlearning.engine.evidence.ErasureStatement;
import dev.unlearning.engine.evidence.ErasureStatement.Predicate;
import dev.unlearning.engine.evidence.EvidenceContext;
import dev.unlearning.engine.evidence.InputDigests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Writes the evidence record, evidence.intoto.jsonl, into the output directory after the model and before result.json:
 * one line, a DSSE envelope of the run's {@link ErasureStatement}, signed with the context's key when it has one.
 */
public final class EvidenceStage {

  public static final String RECORD = "evidence.intoto.jsonl";
  static final String UNSIGNED = "written without spec.evidence.signingKey: unsigned, so anyone who can write its"
      + " location can change it";
  static final String UNKEYED = "unkeyed: a plain SHA-256 of a small forget set is reversed by trying candidates;"
      + " set spec.evidence.forgetKey";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EvidenceContext context;
  private final InputDigests inputs;
  private final AcceptanceGate.Verdict verdict;
  private final String outputUri;
  private final Instant started;

  /** {@code outputUri} is where this output goes: spec.output.uri, or its .rejected sibling for a refused model. */
  public EvidenceStage(EvidenceContext context, InputDigests inputs, AcceptanceGate.Verdict verdict, String outputUri,
      Instant started) {
    this.context = context;
    this.inputs = inputs;
    this.verdict = verdict;
    this.outputUri = outputUri;
    this.started = started;
  }

  public AcceptanceGate.Verdict verdict() {
    return verdict;
  }

  /** Digests the saved model, writes the record into {@code dir} and returns its summary for the status. */
  EvidenceSummary write(Path dir, Path savedModel, String savedFormat, RunReport r) {
    String modelSha256 = Digests.sha256Hex(savedModel);
    String modelName = savedModel.getFileName().toString();
    ErasureStatement statement = new ErasureStatement(
        new ErasureStatement.Subject(modelName, Map.of("sha256", modelSha256)), predicate(r, modelName, savedFormat));
    byte[] line;
    try {
      byte[] body = JSON.writeValueAsBytes(statement);
      line = (JSON.writeValueAsString(Dsse.envelope(body, context.signer())) + "\n").getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(dir.resolve(RECORD), line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(RECORD) + ": " + e.getMessage(), e);
    }
    String where = Location.displayOf(outputUri);
    String prefix = where + (where.endsWith("/") ? "" : "/");
    EvidenceSummary s = new EvidenceSummary();
    s.setUri(prefix + RECORD);
    s.setSha256(Digests.sha256Hex(line));
    s.setSigned(context.signer() != null);
    s.setKeyId(context.signer() != null ? context.signer().keyId() : null);
    s.setVerdict(verdict.verdict());
    s.setChecks(verdict.checks().isEmpty() ? null : verdict.checksLine());
    s.setModelUri(prefix + modelName);
    s.setModelSha256(modelSha256);
    s.setWorkerImage(context.workerImage());
    return s;
  }

  private Predicate predicate(RunReport r, String modelName, String savedFormat) {
    UnlearningRequestSpec spec = r.spec();
    OutputOwner owner = r.owner();
    ModelSpec model = spec.getModel();
    boolean builtIn = r.modelFile() == null;
    ResultGaps gaps = r.reference() != null ? ResultGaps.between(r.unlearned(), r.reference().accuracies()) : null;
    SplitStage.Split split = r.split();
    String forgetDigest = context.forgetKey() != null ? context.forgetKey().hmacHex(split.indicesFile()) : split.sha256();
    return new Predicate(
        new ErasureStatement.Request(owner.namespace(), owner.name(), owner.uid(), context.generation(), owner.file()),
        new ErasureStatement.Spec(Map.of("sha256", owner.specSha256()),
            "the spec's JSON without output, keys sorted", spec.effectiveMethod(), ResultAssembler.settings(r),
            spec.getMethodSettings()),
        new ErasureStatement.Model(builtIn ? null : Location.displayOf(model.getUri()),
            builtIn ? null : Map.of("sha256", inputs.modelSha256()), builtIn ? model.getArchitecture() : null,
            builtIn ? model.effectivePretrainEpochs() : null, inputs.parent().orElse(null)),
        new ErasureStatement.Dataset(Location.displayOf(spec.getDataset().getUri()), spec.getDataset().getFormat(),
            Map.of("sha256", inputs.dataset().sha256()), dev.unlearning.engine.evidence.DatasetDigest.METHOD,
            inputs.dataset().files(), inputs.dataset().bytes(), r.data().train().size(), r.data().test().size()),
        new ErasureStatement.Forget(split.mode(), split.sets().forgetSize(), split.sets().retainSize(),
            Map.of(context.forgetKey() != null ? "hmac-sha256" : "sha256", forgetDigest), context.forgetKey() != null,
            context.forgetKey() != null ? context.forgetKey().id() : null, SaveStage.FORGET_INDICES,
            context.forgetKey() != null ? null : UNKEYED),
        new ErasureStatement.Output(Location.displayOf(outputUri), !verdict.rejected(), modelName, savedFormat),
        new ErasureStatement.Worker(BuildVersion.current(), context.operatorVersion(), context.workerImage(),
            r.device()),
        started.truncatedTo(ChronoUnit.MILLIS).toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
        new ErasureStatement.Measurements(r.original(), r.unlearned(),
            r.reference() != null ? r.reference().accuracies() : null, gaps, split.sets().retainSize(),
            split.sets().forgetSize(), r.heldOut().assessed().length),
        new ErasureStatement.Acceptance(verdict.verdict(), spec.getAcceptance(), verdict.checks()),
        context.signer() != null
            ? new ErasureStatement.Signing(true, context.signer().keyId(), "ECDSA P-256, SHA-256, ASN.1 DER signature"
                + " over the DSSE v1 PAE", null)
            : new ErasureStatement.Signing(false, null, null, UNSIGNED));
  }
}
