package dev.unlearning.engine;

import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.SpecValidator;
import dev.unlearning.api.UnlearningRequestSpec;
import java.nio.file.Path;

// TEMPORARY in branch cli only, replaced by the engine branch's implementation at merge.
public final class UnlearningPipeline {
  public UnlearningPipeline(Path pvcRoot, ProgressListener listener) {}

  public UnlearningResult run(UnlearningRequestSpec spec) {
    try {
      SpecValidator.validate(spec);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage());
    }
    throw new IllegalStateException("engine not merged");
  }
}
