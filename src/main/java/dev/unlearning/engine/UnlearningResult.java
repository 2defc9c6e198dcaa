package dev.unlearning.engine;

import dev.unlearning.api.ResultSummary;
import java.nio.file.Path;

/**
 * What a finished run returns. The engine has already written the output directory atomically
 * (model, result.json, forget-indices.txt); {@code summary} is the compact form for the termination message.
 */
public record UnlearningResult(ResultSummary summary, Path outputDir, Path resultJson, Path modelFile) {}
