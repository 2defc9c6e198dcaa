package dev.unlearning.engine.stage;

import dev.unlearning.api.Location;
import dev.unlearning.api.ModelSpec;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import dev.unlearning.engine.Locations;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The first stage: the local paths of the run's inputs (dataset, model, reference model, and for a chained run the
 * parent output's forget-indices.txt). When one of them is remote (s3://, https://) their download is the timed phase
 * {@value Phases#FETCH}, in the phase table and result.json's durations like any other, with a folder's objects and
 * bytes reported as progress: a large image folder can take longer to fetch than to unlearn. Local inputs are not
 * copied, and no fetch phase is recorded.
 */
public final class FetchStage {

  private static final String FROM_OUTPUT = "spec.model.fromOutput";

  /** The local paths; model, reference and parentForget are null when the request has none. */
  public record Inputs(Path dataset, Path model, Path reference, Path parentForget, String parent) {}

  private FetchStage() {}

  public static Inputs fetch(UnlearningRequestSpec spec, Locations locations, PhaseClock clock) {
    ModelSpec m = spec.getModel();
    String parent = m.getFromOutput();
    if (parent != null && locations.outputFile(FROM_OUTPUT, parent, ModelSpec.OUTPUT_RESULT).isEmpty()) {
      throw new InvalidInputException(FROM_OUTPUT + ": " + Location.displayOf(parent) + " holds no "
          + ModelSpec.OUTPUT_RESULT + ", so it is not the complete output of an earlier run");
    }
    String model = m.modelFileUri();
    String modelField = parent != null ? FROM_OUTPUT : "spec.model.uri";
    String reference = spec.getReference() != null && spec.getReference().getModel() != null
        ? spec.getReference().getModel().getUri() : null;
    String dataset = spec.getDataset().getUri();
    Supplier<Inputs> step = () -> new Inputs(
        locations.input("spec.dataset.uri", dataset, clock.listener()),
        model != null ? locations.input(modelField, model, clock.listener()) : null,
        reference != null ? locations.input("spec.reference.model.uri", reference, clock.listener()) : null,
        parent != null ? locations.input(FROM_OUTPUT, ModelSpec.inOutput(parent, ModelSpec.OUTPUT_FORGET_INDICES),
            clock.listener()) : null,
        parent != null ? Location.displayOf(parent) : null);
    boolean remote = remote("spec.dataset.uri", dataset) || remote(modelField, model)
        || remote("spec.reference.model.uri", reference);
    return remote ? clock.timed(Phases.FETCH, step) : step.get();
  }

  private static boolean remote(String field, String uri) {
    return uri != null && Location.parse(field, uri).remote();
  }
}
