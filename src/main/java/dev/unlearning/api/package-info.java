/**
 * The request model shared by both halves: the {@code UnlearningRequest} custom resource and its spec,
 * status and result classes. Plain data and validation only; neither DJL nor operator logic lives here.
 */
package dev.unlearning.api;
