/**
 * The unlearning engine: datasets, models, the confuse step, the class-weighted loss, fine-tuning and
 * evaluation on DJL's PyTorch engine. Never imports Kubernetes classes; only the shared request model.
 */
package dev.unlearning.engine;
