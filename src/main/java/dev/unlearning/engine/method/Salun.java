package dev.unlearning.engine.method;

import dev.unlearning.api.MethodSettings;

/**
 * salun (Fan et al., ICLR 2024): random-labels on the weights most salient to the forget set only: a mask of the
 * top spec.methodSettings.saliencyFraction (default 0.5) of all weights by the absolute gradient of the forget loss,
 * applied to every gradient before the optimizer step.
 */
public final class Salun extends RandomLabels {

  @Override
  public String name() {
    return MethodSettings.SALUN;
  }
}
