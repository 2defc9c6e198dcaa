package dev.unlearning.api;

/** Life cycle of an UnlearningRequest. */
public enum Phase {
  Pending,
  Running,
  Succeeded,
  Failed,
  /** spec.suspend is true: the Job's pods are stopped until it is set back to false. */
  Suspended
}
