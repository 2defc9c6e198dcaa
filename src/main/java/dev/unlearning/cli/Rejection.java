package dev.unlearning.cli;

import dev.unlearning.api.AcceptanceSpec;
import dev.unlearning.api.Location;
import dev.unlearning.engine.UnlearningResult;

/** The one message of a run whose model missed its acceptance gate (exit code 4). */
final class Rejection {

  private Rejection() {}

  /** e.g. "spec.acceptance: the unlearned model missed 1 of 2 thresholds: ...; it is not published at ...". */
  static String message(UnlearningResult result, String outputUri) {
    long missed = result.verdict().checks().stream().filter(c -> !c.met()).count();
    return "spec.acceptance: the unlearned model missed " + missed + " of " + result.verdict().checks().size()
        + " thresholds: " + result.verdict().missed() + "; it is not published at " + Location.displayOf(outputUri)
        + ": it is kept with its evidence record at " + Location.displayOf(AcceptanceSpec.rejectedUri(outputUri));
  }
}
