package dev.unlearning.operator;

import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records core/v1 Events on a request, shown by {@code kubectl describe ulr}. */
@ApplicationScoped
public class RequestEvents {

  public static final String JOB_CREATED = "JobCreated";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String INVALID_SPEC = "InvalidSpec";
  /** The verdict events of a finished run's evidence record: the acceptance gate's, or the record alone. */
  public static final String ACCEPTANCE_MET = "AcceptanceMet";
  public static final String ACCEPTANCE_NOT_MET = "AcceptanceNotMet";
  public static final String EVIDENCE_RECORDED = "EvidenceRecorded";
  static final String COMPONENT = "unlearning-operator";
  private static final Logger LOG = Logger.getLogger(RequestEvents.class);
  private static final int MAX_MESSAGE = 1024;

  @Inject
  KubernetesClient client;

  public void normal(UnlearningRequest request, String reason, String message) {
    record(request, "Normal", reason, message);
  }

  public void warning(UnlearningRequest request, String reason, String message) {
    record(request, "Warning", reason, message);
  }

  /** One event per verdict: Warning AcceptanceNotMet, Normal AcceptanceMet, or Normal EvidenceRecorded ungated. */
  public void verdict(UnlearningRequest request, EvidenceSummary evidence) {
    String record = "evidence record " + evidence.getUri() + " (sha256 " + evidence.getSha256() + ", "
        + (Boolean.TRUE.equals(evidence.getSigned()) ? "signed by key " + evidence.getKeyId() : "unsigned") + ")";
    String checks = evidence.getChecks() == null ? "" : ": " + evidence.getChecks();
    switch (evidence.getVerdict() == null ? "" : evidence.getVerdict()) {
      case EvidenceSummary.REJECTED -> warning(request, ACCEPTANCE_NOT_MET, "acceptance not met" + checks
          + "; the model is not published, it is kept at " + evidence.getModelUri() + "; " + record);
      case EvidenceSummary.ACCEPTED -> normal(request, ACCEPTANCE_MET, "acceptance met" + checks + "; " + record);
      default -> normal(request, EVIDENCE_RECORDED, record + "; no acceptance gate (spec.acceptance)");
    }
  }

  private void record(UnlearningRequest request, String type, String reason, String message) {
    String namespace = request.getMetadata().getNamespace();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    Event event = new EventBuilder()
        .withNewMetadata()
          .withNamespace(namespace)
          .withName(eventName(request.getMetadata().getName()))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(UnlearningRequest.API_VERSION)
            .withKind(UnlearningRequest.KIND)
            .withNamespace(namespace)
            .withName(request.getMetadata().getName())
            .withUid(request.getMetadata().getUid())
            .withResourceVersion(request.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(text)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: losing one must not fail or repeat the reconciliation.
      LOG.warnf("could not record event %s on %s/%s: %s", reason, namespace, request.getMetadata().getName(), e.getMessage());
    }
  }

  // Events are named like the kubelet's: <object>.<unique suffix>, within the 253-character name limit.
  private static String eventName(String requestName) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String prefix = requestName.length() > 253 - 17 ? requestName.substring(0, 253 - 17) : requestName;
    return prefix + "." + suffix;
  }
}
