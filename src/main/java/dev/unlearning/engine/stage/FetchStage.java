package dev.unlearning.engine.stage;

import dev.unlearning.api.Location;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.Locations;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The first stage: the local paths of the run's inputs (dataset, model, reference model). When one of them is remote
 * (s3://, https://) their download is the timed phase {@value Phases#FETCH}, in the phase table and result.json's
 * durations like any other, with a folder's objects and bytes reported as progress: a large image folder can take
 * longer to fetch than to unlearn. Local inputs are not copied, and no fetch phase is recorded.
 */
public final class FetchStage {

  /** The local paths; model and reference are null when the request has none. */
  public record Inputs(Path dataset, Path model, Path reference) {}

  private FetchStage() {}

  public static Inputs fetch(UnlearningRequestSpec spec, Locations locations, PhaseClock clock) {
    String model = spec.getModel().getUri();
    String reference = spec.getReference() != null && spec.getReference().getModel() != null
        ? spec.getReference().getModel().getUri() : null;
    String dataset = spec.getDataset().getUri();
    Supplier<Inputs> step = () -> new Inputs(
        locations.input("spec.dataset.uri", dataset, clock.listener()),
        model != null ? locations.input("spec.model.uri", model, clock.listener()) : null,
        reference != null ? locations.input("spec.reference.model.uri", reference, clock.listener()) : null);
    boolean remote = remote("spec.dataset.uri", dataset) || remote("spec.model.uri", model)
        || remote("spec.reference.model.uri", reference);
    return remote ? clock.timed(Phases.FETCH, step) : step.get();
  }

  private static boolean remote(String field, String uri) {
    return uri != null && Location.parse(field, uri).remote();
  }
}
