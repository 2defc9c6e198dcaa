package dev.unlearning.engine.method;

import dev.unlearning.engine.train.TrainingLoop;
import java.util.List;
import java.util.Map;

/**
 * What a method reports about its work: its training epochs (result.json's fineTune), the parameters it changed
 * directly, besides training, with their element count (result.json's model.confusedParameters, e.g. the noised
 * convolutions), and its effective settings and measurements (result.json's methodReport).
 */
public record MethodOutcome(List<TrainingLoop.EpochStats> epochs, List<String> changedParameters,
    long changedElements, Map<String, Object> report) {}
