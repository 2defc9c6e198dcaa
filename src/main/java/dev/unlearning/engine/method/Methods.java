package dev.unlearning.engine.method;

import dev.unlearning.api.MethodSettings;
import dev.unlearning.api.UnlearningRequestSpec;

/** The method a request asks for (spec.method; SpecValidator has checked the name). */
public final class Methods {

  private Methods() {}

  public static UnlearningMethod of(UnlearningRequestSpec spec) {
    return switch (spec.effectiveMethod()) {
      case MethodSettings.FINETUNE -> new FineTune();
      case MethodSettings.NEGGRAD_PLUS -> new NegGradPlus();
      case MethodSettings.RANDOM_LABELS -> new RandomLabels();
      case MethodSettings.SALUN -> new Salun();
      case MethodSettings.HELDOUT_MATCH -> new HeldOutMatch();
      case MethodSettings.REINIT_FINETUNE -> new ReinitFineTune();
      default -> new ConfuseFineTune();
    };
  }
}
