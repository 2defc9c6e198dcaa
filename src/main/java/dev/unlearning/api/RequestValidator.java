package dev.unlearning.api;

import dev.unlearning.api.crd.CrdValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Every check of a spec, each rule in one place: the CRD's schema and CEL rules (what {@code kubectl apply} enforces,
 * evaluated here from the bundled CRD for requests that meet no API server, and for a CRD newer than this version)
 * and then {@link SpecValidator}, what the schema cannot say.
 */
public final class RequestValidator {

  private RequestValidator() {}

  /** All problems found, each naming its field; empty when the spec is valid. */
  public static List<SpecValidationException> problems(UnlearningRequestSpec spec) {
    List<SpecValidationException> out = new ArrayList<>(CrdValidator.problems(spec));
    out.addAll(SpecValidator.problems(spec));
    return out;
  }

  /** Throws the first problem, if any. */
  public static void validate(UnlearningRequestSpec spec) {
    List<SpecValidationException> p = problems(spec);
    if (!p.isEmpty()) {
      throw p.get(0);
    }
  }
}
