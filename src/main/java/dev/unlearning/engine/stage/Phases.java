package dev.unlearning.engine.stage;

/** Phase names of a run, reported to the progress listener and used as the keys of the durations map. */
public final class Phases {

  /** Downloading the remote inputs (s3://, https://) into scratch space; only when an input is remote. */
  public static final String FETCH = "fetch";
  public static final String LOAD = "load";
  /** Digests of the inputs as read (model file, dataset files) for the evidence record. */
  public static final String DIGEST = "digest";
  public static final String PRETRAIN = "pretrain";
  public static final String EVALUATE_ORIGINAL = "evaluateOriginal";
  /** The original's accuracy on the test images a method reads as held-out data (methodSettings.heldOutFraction). */
  public static final String EVALUATE_HELD_OUT = "evaluateHeldOut";
  public static final String CONFUSE = "confuse";
  public static final String FINE_TUNE = "fineTune";
  /** The saliency mask's gradient pass over the forget set (salun, confuse-finetune with a saliencyFraction). */
  public static final String SALIENCY = "saliency";
  /** The training of neggrad-plus, heldout-match, random-labels and salun. */
  public static final String UNLEARN = "unlearn";
  /** heldout-match's first pass over its held-out samples (the target it pulls the forget set onto). */
  public static final String HELD_OUT = "heldOut";
  /** heldout-match's pass over the retain samples it trains on, for the logit anchor (methodSettings.retainAnchor). */
  public static final String ANCHOR = "anchor";
  public static final String EVALUATE_UNLEARNED = "evaluateUnlearned";
  /** Training the same architecture from scratch on the retain set (spec.reference.retrain). */
  public static final String RETRAIN = "retrain";
  public static final String EVALUATE_RETRAINED = "evaluateRetrained";
  public static final String SAVE = "save";
  public static final String TOTAL = "total";

  private Phases() {}
}
