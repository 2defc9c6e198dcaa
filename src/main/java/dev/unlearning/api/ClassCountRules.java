package dev.unlearning.api;

/**
 * The CRD's CEL rules that hold class indices and weights to model.numClasses (default
 * {@value ModelSpec#DEFAULT_NUM_CLASSES}): cross-field, so they sit on the spec and point at their field.
 */
final class ClassCountRules {

  private static final String NUM_CLASSES = "(has(self.model) && has(self.model.numClasses) ? self.model.numClasses : "
      + ModelSpec.DEFAULT_NUM_CLASSES + ")";

  static final String WEIGHTS = "!has(self.classWeights) || size(self.classWeights) == " + NUM_CLASSES;
  static final String WEIGHTS_MESSAGE = "needs one weight per class, as many as model.numClasses (default 10)";
  static final String CLASSES = "!has(self.forget) || !has(self.forget.classes) || self.forget.classes.all(c, c < "
      + NUM_CLASSES + ")";
  static final String CLASSES_MESSAGE = "class indices must be < model.numClasses (default 10)";

  private ClassCountRules() {}
}
