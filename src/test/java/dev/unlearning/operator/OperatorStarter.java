package dev.unlearning.operator;

import io.javaoperatorsdk.operator.Operator;

/** Tests start the operator themselves, as the `operator` command does (start-operator is false). */
final class OperatorStarter {

  private static Operator started;

  private OperatorStarter() {}

  static synchronized void startOnce(Operator operator) {
    if (started != operator) {
      operator.start();
      started = operator;
    }
  }
}
