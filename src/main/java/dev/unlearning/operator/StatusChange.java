package dev.unlearning.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unlearning.api.UnlearningRequestStatus;

/** Whether a computed status differs from the stored one, compared as JSON (the status classes have no equals). */
final class StatusChange {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusChange() {}

  static boolean changed(UnlearningRequestStatus before, UnlearningRequestStatus after) {
    return !JSON.valueToTree(before == null ? new UnlearningRequestStatus() : before)
        .equals(JSON.valueToTree(after));
  }
}
