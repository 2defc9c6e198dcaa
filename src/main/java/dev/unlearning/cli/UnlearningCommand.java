package dev.unlearning.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code run} (local), {@code worker} (inside the Kubernetes Job), {@code verify} (an evidence record),
 * {@code operator} (the controller).
 */
@TopCommand
@Command(name = "unlearning", mixinStandardHelpOptions = true,
    description = "Makes trained image classifiers forget part of their training data.",
    subcommands = {RunCommand.class, WorkerCommand.class, VerifyCommand.class, OperatorCommand.class})
public class UnlearningCommand {
}
