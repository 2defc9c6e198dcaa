package dev.unlearning.engine.method;

import ai.djl.Model;

/**
 * One unlearning method: changes the original model in place so that it forgets the forget set while keeping what it
 * knows of the retain set. A method is one class; it times its own phases through {@link MethodContext#phase}, and
 * those phases are what the time ratio to retraining counts.
 */
public interface UnlearningMethod {

  /** The method's name, as in spec.method. */
  String name();

  /** Unlearns in place; the model is the trained original. */
  MethodOutcome unlearn(Model model, MethodContext context);
}
