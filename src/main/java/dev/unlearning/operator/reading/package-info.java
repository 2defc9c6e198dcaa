/**
 * How the operator reads UnlearningRequests it may not fully understand (a CRD newer than the operator, an object
 * written by another version): unknown fields are recorded and ignored, an object that cannot be read at all becomes
 * a placeholder that is reported and skipped, so no single object stops the informers.
 */
package dev.unlearning.operator.reading;
