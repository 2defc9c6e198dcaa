package dev.unlearning.operator.reading;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.ReadReport;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.RequestValidator;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnsupportedFieldException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;

/** What keeps a request from getting its Job: spec fields this version does not know, and invalid values. */
public final class RequestProblems {

  private RequestProblems() {}

  /**
   * The read report of a request. The Java Operator SDK hands the reconciler a clone made by serializing the cached
   * object, which drops the report, so it is taken from the cached object itself (without a context: the request's).
   */
  public static ReadReport report(UnlearningRequest request, Context<UnlearningRequest> context) {
    if (context == null) {
      return request.readReport();
    }
    return context.getPrimaryCache().get(ResourceID.fromResource(request))
        .map(UnlearningRequest::readReport)
        .orElse(request.readReport());
  }

  /**
   * Unknown spec fields first (they may also explain the other problems: a newer version may make a field optional),
   * then the validator's. A request that got its Job already ({@code started}: a newer operator created it before a
   * rollback) is never failed for unknown fields: it keeps running and is observed as usual.
   */
  public static List<SpecValidationException> of(UnlearningRequest request, ReadReport report, boolean started) {
    List<SpecValidationException> problems = new ArrayList<>();
    if (!started) {
      for (String field : report.unknownSpecFields()) {
        problems.add(new UnsupportedFieldException(field, BuildVersion.current()));
      }
    }
    problems.addAll(RequestValidator.problems(request.getSpec()));
    return problems;
  }
}
