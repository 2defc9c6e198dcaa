package dev.unlearning.engine.method;

import dev.unlearning.api.UnlearningRequestSpec;

/** The method a request asks for. */
public final class Methods {

  private Methods() {}

  public static UnlearningMethod of(UnlearningRequestSpec spec) {
    return new ConfuseFineTune();
  }
}
