package dev.unlearning.engine.method;

import dev.unlearning.engine.train.GradientMask;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a method's part of result.json: its effective settings, then what happened (stop check, mask, work). */
final class MethodReport {

  private final Map<String, Object> values = new LinkedHashMap<>();

  MethodReport put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  MethodReport mask(GradientMask mask) {
    if (mask != null) {
      values.put("maskedWeights", mask.selected());
      values.put("candidateWeights", mask.total());
    }
    return this;
  }

  MethodReport stop(HeldOutStop stop, boolean stopped) {
    if (stop != null) {
      values.put("heldOutAccuracy", stop.target());
      values.put("stopChecks", stop.checks());
      values.put("lastForgetAccuracyChecked", stop.lastForgetAccuracy());
      values.put("stoppedEarly", stopped);
    }
    return this;
  }

  Map<String, Object> build() {
    return values;
  }
}
