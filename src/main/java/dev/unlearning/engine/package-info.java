/**
 * The unlearning engine: datasets, models, the confuse step, the class-weighted loss, fine-tuning and
 * evaluation on DJL's PyTorch engine. Never imports Kubernetes classes; only the shared request model.
 *
 * <p>Entry point: {@code new UnlearningPipeline(pvcRoot, listener).run(spec)} (or with a {@link
 * dev.unlearning.engine.Locations} instead of {@code pvcRoot}, to fetch inputs and publish the output elsewhere) returns an {@link
 * dev.unlearning.engine.UnlearningResult} after writing the output directory, or throws an {@link
 * dev.unlearning.engine.UnlearningException} whose {@code exitCode()} the worker exits with
 * ({@link dev.unlearning.engine.InvalidInputException} 2, {@link dev.unlearning.engine.DivergedException} 3).
 * Sub-packages: {@code data} (IDX and CIFAR-10 binary readers), {@code split} (forget/retain split), {@code model}
 * (built-in architectures, TorchScript load and save), {@code train} (confuse step, loss, training loop, evaluation),
 * {@code stage} (the pipeline's stages: data, split, original, assess, reference, save) and {@code method} (the
 * unlearning methods behind {@link dev.unlearning.engine.method.UnlearningMethod}).
 */
package dev.unlearning.engine;
