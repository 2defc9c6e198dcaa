package dev.unlearning.engine.stage;

import dev.unlearning.api.Accuracies;
import dev.unlearning.api.OutputOwner;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.data.Datasets;
import dev.unlearning.engine.method.MethodOutcome;
import dev.unlearning.engine.split.HeldOutSplit;
import dev.unlearning.engine.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the stages measured, for the result, and whose it is ({@code owner}): {@code modelFile} is null for a built-in architecture,
 * {@code reference} null without spec.reference.retrain, and {@code heldOut} says which test images were judged.
 */
public record RunReport(UnlearningRequestSpec spec, OutputOwner owner, Path modelFile, Datasets.TrainTest data, SplitStage.Split split,
    HeldOutSplit heldOut, String device, List<TrainingLoop.EpochStats> pretrain, Accuracies original,
    MethodOutcome method, Accuracies unlearned, ReferenceStage.Retrained reference) {}
