package dev.unlearning.api;

/** Life cycle of an UnlearningRequest. */
public enum Phase {
  Pending,
  Running,
  Succeeded,
  Failed
}
