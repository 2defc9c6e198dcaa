package dev.unlearning.api;

import java.util.List;

/**
 * How the operator's lenient reader found one UnlearningRequest: the fields this version does not know (each a path
 * such as {@code spec.model.quantize}; fields set to null are not listed, they ask for nothing), or why the
 * object could not be read at all. Never serialized: it lives only on the operator's cached copy.
 */
public record ReadReport(List<String> unknownFields, String unreadable) {

  public static final ReadReport CLEAN = new ReadReport(List.of(), null);

  public ReadReport {
    unknownFields = List.copyOf(unknownFields);
  }

  public static ReadReport unreadable(String why) {
    return new ReadReport(List.of(), why);
  }

  public boolean readable() {
    return unreadable == null;
  }

  /** Unknown fields under spec: something the user asked for that this version cannot do. */
  public List<String> unknownSpecFields() {
    return unknownFields.stream().filter(f -> f.startsWith("spec.")).toList();
  }
}
