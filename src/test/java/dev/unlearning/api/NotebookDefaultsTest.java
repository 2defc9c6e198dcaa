package dev.unlearning.api;

import org.junit.jupiter.api.Test;

/** A request that sets nothing but what it must runs the original notebook's unlearning step. */
class NotebookDefaultsTest {

  @Test
  void defaultsAreTheNotebooks() {
    UnlearningRequestSpec spec = new UnlearningRequestSpec();
    spec.setModel(new ModelSpec());
    Notebook.assertMirrored(spec);
  }
}
