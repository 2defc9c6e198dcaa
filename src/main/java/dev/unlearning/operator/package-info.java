/**
 * The operator half: reconciles each {@code UnlearningRequest} into one worker Job and reports the Job's outcome in
 * the request's status. Never depends on the engine (no DJL here): the worker runs in its own pod.
 */
package dev.unlearning.operator;
