package dev.unlearning.operator;

import dev.unlearning.api.ReadReport;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.operator.reading.RequestProblems;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * A Job is created only once, for a readable, valid spec without unknown fields of a request that has not finished:
 * the CRD schema is not enforced everywhere, a finished request whose Job was deleted must not run again, and neither
 * must one whose Job was lost mid-run (the status holds the uid of a Job already seen; {@link LostJob}).
 */
public class JobWantedCondition implements Condition<Job, UnlearningRequest> {

  @Override
  public boolean isMet(DependentResource<Job, UnlearningRequest> dependent, UnlearningRequest request,
      Context<UnlearningRequest> context) {
    ReadReport read = RequestProblems.report(request, context);
    return read.readable() && RequestProblems.of(request, read, false).isEmpty()
        && !StatusMapper.isFinished(request.getStatus()) && !LostJob.hadJob(request.getStatus());
  }
}
