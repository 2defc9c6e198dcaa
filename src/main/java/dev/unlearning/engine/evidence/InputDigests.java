package dev.unlearning.engine.evidence;

import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.Locations;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Digests of a run's inputs as it read them: the model file (null for a built-in architecture), with the record of
 * the run that produced it when there is one, and the dataset's files.
 */
public record InputDigests(String modelSha256, Optional<ErasureStatement.Parent> parent, DatasetDigest dataset) {

  public static InputDigests of(UnlearningRequestSpec spec, Path modelFile, Path datasetDir, Locations locations,
      String recordName) {
    String model = modelFile == null ? null : Digests.sha256Hex(modelFile);
    Optional<ErasureStatement.Parent> parent = model == null ? Optional.empty()
        : ParentEvidence.find(spec.getModel().modelFileUri(), model, locations, recordName);
    return new InputDigests(model, parent, DatasetDigest.of(spec.getDataset(), datasetDir));
  }
}
