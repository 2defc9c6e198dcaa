package dev.unlearning.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a spec that the CRD's schema and CEL rules do not make (those are {@link RequestValidator}'s, from
 * the CRD itself; a rule lives in one place, which SpecRulesInOnePlaceTest proves): locations beyond their scheme,
 * settings the method does not use, storage and the pod pass-through, which need this code's parsers and lists.
 * Touches no file. Null-safe on specs the CRD refuses, so every problem is reported at once.
 */
public final class SpecValidator {

  private SpecValidator() {}

  /** All problems found, each naming its field; empty when the spec is valid. */
  public static List<SpecValidationException> problems(UnlearningRequestSpec spec) {
    List<SpecValidationException> out = new ArrayList<>();
    if (spec == null) {
      out.add(new SpecValidationException("spec", "is missing"));
      return out;
    }
    if (spec.getModel() != null) {
      location(out, "spec.model.uri", spec.getModel().getUri());
      location(out, "spec.model.fromOutput", spec.getModel().getFromOutput());
    }
    if (spec.getDataset() != null) {
      location(out, "spec.dataset.uri", spec.getDataset().getUri());
    }
    if (spec.getReference() != null && spec.getReference().getModel() != null) {
      location(out, "spec.reference.model.uri", spec.getReference().getModel().getUri());
    }
    if (spec.getForget() != null) {
      location(out, "spec.forget.indicesFile", spec.getForget().getIndicesFile());
    }
    MethodValidation.check(spec, out);
    if (spec.getOutput() != null) {
      location(out, "spec.output.uri", spec.getOutput().getUri());
    }
    StorageRules.check(spec, out);
    rejectedLocation(out, spec);
    if (spec.getJob() != null) {
      PodPassThroughRules.check(spec.getJob(), out);
    }
    return out;
  }

  // A gate keeps a refused model beside the output: a claim, bucket or file system root has no beside.
  private static void rejectedLocation(List<SpecValidationException> out, UnlearningRequestSpec spec) {
    if (spec.getAcceptance() == null || spec.getOutput() == null || spec.getOutput().getUri() == null) {
      return;
    }
    try {
      Location output = Location.parse("spec.output.uri", spec.getOutput().getUri());
      if (output.path().replaceAll("/+$", "").isEmpty()) {
        out.add(new SpecValidationException("spec.acceptance", "a model that misses the gate is kept beside the output,"
            + " at <spec.output.uri>" + AcceptanceSpec.REJECTED_SUFFIX + ": spec.output.uri must name a folder below"
            + " its claim, bucket or root (got " + output.display() + ")"));
      }
    } catch (SpecValidationException e) {
      // the location's own problem, reported for spec.output.uri
    }
  }

  // A missing location is the schema's (required) and an unknown scheme its CEL rule's; the rest is parse()'s.
  private static void location(List<SpecValidationException> out, String field, String value) {
    if (value == null) {
      return;
    }
    try {
      Location.parse(field, value);
    } catch (Location.UnsupportedScheme e) {
      // the CRD's rule says it
    } catch (SpecValidationException e) {
      out.add(e);
    }
  }
}
