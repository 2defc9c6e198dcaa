package dev.unlearning.engine;

import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.engine.evidence.AcceptanceGate;
import java.nio.file.Path;

/**
 * What a finished run returns. The engine has already written the output directory atomically
 * (model, result.json, forget-indices.txt, evidence.intoto.jsonl); {@code summary} is the compact form for the
 * termination message, {@code evidence} where the record is and {@code verdict} the acceptance gate's: a rejected
 * model was saved beside the output location, not at it.
 */
public record UnlearningResult(ResultSummary summary, Path outputDir, Path resultJson, Path modelFile,
    EvidenceSummary evidence, AcceptanceGate.Verdict verdict) {}
