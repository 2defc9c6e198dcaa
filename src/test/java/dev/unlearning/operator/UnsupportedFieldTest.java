package dev.unlearning.operator;

import static dev.unlearning.operator.OperatorEndToEndTest.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.Phase;
import dev.unlearning.api.ReadReport;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.api.UnlearningRequestStatus;
import dev.unlearning.operator.reading.RequestProblems;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which unknown fields keep a request from running, and what its status then says. */
class UnsupportedFieldTest {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final UnlearningRequest request = TestRequests.valid("r");
  private final ReadReport newer = new ReadReport(
      List.of("status.futureCounter", "spec.job.fromVersion99", "futureTopLevel"), null);

  @Test
  void anUnknownSpecFieldFailsARequestWithoutAJobNamingFieldAndVersion() {
    request.getSpec().setEpochs(0);
    List<SpecValidationException> problems = RequestProblems.of(request, newer, false);
    UnlearningRequestStatus s = StatusMapper.map(request, problems, WorkerObservation.of("r-unlearn", Optional.empty(), List.of()), T0);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "Failed").getReason()).isEqualTo("UnsupportedField");
    assertThat(condition(s, "Accepted").getStatus()).isEqualTo("False");
    // The unknown field comes first: it may be why a known one looks invalid to this version.
    assertThat(s.getMessage()).startsWith("unsupported spec: spec.job.fromVersion99: not supported by this"
        + " operator (version " + BuildVersion.current() + ")").contains("; spec.epochs: must be >= 1");
    assertThat(s.getMessage()).doesNotContain("futureCounter").doesNotContain("futureTopLevel");
  }

  /** A method a newer CRD allows: the API server stored it, this operator's own CRD refuses it before any Job. */
  @Test
  void aMethodOfANewerCrdIsAnInvalidSpecNamingTheMethodsThisVersionKnows() {
    request.getSpec().setMethod("scrub");
    List<SpecValidationException> problems = RequestProblems.of(request, ReadReport.CLEAN, false);
    assertThat(StatusMapper.rejectionReason(problems)).isEqualTo("InvalidSpec");
    assertThat(problems).extracting(Throwable::getMessage).containsExactly("spec.method: must be one of"
        + " [confuse-finetune, finetune, neggrad-plus, random-labels, salun, heldout-match, reinit-finetune]"
        + " (got 'scrub')");
  }

  @Test
  void unknownFieldsOutsideTheSpecAreIgnored() {
    ReadReport statusOnly = new ReadReport(List.of("status.futureCounter", "futureTopLevel"), null);
    assertThat(RequestProblems.of(request, statusOnly, false)).isEmpty();
    assertThat(statusOnly.unknownSpecFields()).isEmpty();
  }

  @Test
  void aRequestWhoseJobANewerOperatorCreatedKeepsRunning() {
    assertThat(RequestProblems.of(request, newer, true)).isEmpty();
    Job job = new WorkerJobBuilder(TestRequests.CONFIG).build(request);
    UnlearningRequestStatus s = StatusMapper.map(request, RequestProblems.of(request, newer, true),
        WorkerObservation.of("r-unlearn", Optional.of(job), List.of()), T0);
    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(condition(s, "Accepted").getStatus()).isEqualTo("True");
  }

  @Test
  void invalidValuesAloneAreStillInvalidSpec() {
    request.getSpec().setEpochs(0);
    assertThat(StatusMapper.rejectionReason(RequestProblems.of(request, ReadReport.CLEAN, false)))
        .isEqualTo("InvalidSpec");
  }
}
