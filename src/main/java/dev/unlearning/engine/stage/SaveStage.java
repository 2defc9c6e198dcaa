package dev.unlearning.engine.stage;

import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.ResultSummary;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.ResultDocument;
import dev.unlearning.engine.UnlearningResult;
import dev.unlearning.engine.model.ModelIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Save stage: writes the unlearned model, forget-indices.txt, the evidence record and, last, result.json into the local
 * output directory (each file atomically), so a result.json vouches for a complete directory. Publishing the directory elsewhere is the
 * caller's next step ({@link dev.unlearning.engine.Locations#publish}).
 */
public final class SaveStage {

  public static final String MODEL_TORCHSCRIPT = dev.unlearning.api.ModelSpec.OUTPUT_MODEL;
  public static final String MODEL_DJL_PARAMS = "model.params";
  public static final String RESULT_JSON = "result.json";
  public static final String FORGET_INDICES = dev.unlearning.api.ModelSpec.OUTPUT_FORGET_INDICES;

  private SaveStage() {}

  /** Creates the output directory before anything is loaded, so an unwritable output fails fast. */
  public static void prepare(Path outputDir) {
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new InvalidInputException("spec.output.uri: output directory " + outputDir + " cannot be created: "
          + e.getMessage(), e);
    }
    if (!Files.isWritable(outputDir)) {
      throw new InvalidInputException("spec.output.uri: output directory " + outputDir + " is not writable");
    }
  }

  /** Saves into {@code outputDir}, the evidence record ({@code evidence}) after the model and before result.json. */
  public static UnlearningResult save(Model model, Path outputDir, RunReport report, PhaseClock clock,
      EvidenceStage evidence) {
    boolean torchScript = ModelIO.isTorchScript(model);
    String format = torchScript ? "torchscript" : "djl-params";
    Path savedModel = outputDir.resolve(torchScript ? MODEL_TORCHSCRIPT : MODEL_DJL_PARAMS);
    Path resultJson = outputDir.resolve(RESULT_JSON);
    EvidenceSummary record = clock.timed(Phases.SAVE, () -> {
      // A result.json from an earlier run must not vouch for files this run is replacing.
      delete(resultJson);
      write(outputDir.resolve(FORGET_INDICES), report.split().indicesFile());
      saveModel(model, torchScript, savedModel);
      return evidence.write(outputDir, savedModel, format, report);
    });
    clock.total(Phases.TOTAL);
    ResultSummary summary = ResultAssembler.summary(report, clock.rounded());
    ResultDocument doc = ResultAssembler.document(report, summary, savedModel.getFileName().toString(), format,
        FORGET_INDICES, record, evidence.verdict());
    // result.json goes last: its presence means the output directory is complete.
    write(resultJson, json(doc));
    return new UnlearningResult(summary, outputDir, resultJson, savedModel, record, evidence.verdict());
  }

  private static void saveModel(Model model, boolean torchScript, Path target) {
    try {
      if (torchScript) {
        AtomicFiles.write(target, out -> ModelIO.writeTorchScript(model, out));
      } else {
        // DJL names the file itself, so save into a private temp directory and rename the result into place.
        Path tmpDir = Files.createTempDirectory(target.getParent(), ".model-");
        try {
          Path saved = ModelIO.saveDjlParams(model, tmpDir, "model");
          AtomicFiles.move(saved, target);
        } finally {
          try (var files = Files.list(tmpDir)) {
            for (Path p : files.toList()) {
              Files.deleteIfExists(p);
            }
          }
          Files.deleteIfExists(tmpDir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path target, byte[] content) {
    try {
      AtomicFiles.write(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] json(ResultDocument doc) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
