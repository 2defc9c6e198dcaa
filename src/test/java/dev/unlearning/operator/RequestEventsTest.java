package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.unlearning.api.EvidenceSummary;
import dev.unlearning.api.UnlearningRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RequestEventsTest {

  KubernetesClient client;

  @Test
  void recordsAnEventOnTheRequestThatKubectlDescribeShows() {
    UnlearningRequest request = TestRequests.valid("r");
    RequestEvents events = new RequestEvents();
    events.client = client;

    events.warning(request, RequestEvents.FAILED, "x".repeat(2000));

    List<Event> recorded = client.v1().events().inNamespace("ml").list().getItems();
    assertThat(recorded).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo(RequestEvents.FAILED);
      assertThat(e.getMetadata().getName()).startsWith("r.");
      // kubectl describe finds events by the involved object's kind, name and uid.
      assertThat(e.getInvolvedObject().getKind()).isEqualTo(UnlearningRequest.KIND);
      assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo(UnlearningRequest.API_VERSION);
      assertThat(e.getInvolvedObject().getName()).isEqualTo("r");
      assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("ml");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-r");
      assertThat(e.getSource().getComponent()).isEqualTo(RequestEvents.COMPONENT);
      assertThat(e.getMessage()).hasSize(1024 + 3).endsWith("x...");
      assertThat(e.getCount()).isEqualTo(1);
    });
  }

  /** One event per verdict, each naming the record: Normal for a met or absent gate, Warning for a missed one. */
  @Test
  void eachVerdictHasItsEvent() {
    RequestEvents events = new RequestEvents();
    events.client = client;
    events.verdict(TestRequests.valid("met"), evidence(EvidenceSummary.ACCEPTED, true));
    events.verdict(TestRequests.valid("missed"), evidence(EvidenceSummary.REJECTED, false));
    events.verdict(TestRequests.valid("ungated"), evidence(EvidenceSummary.NOT_GATED, false));

    List<Event> recorded = client.v1().events().inNamespace("ml").list().getItems();
    assertThat(recorded).extracting(e -> e.getInvolvedObject().getName(), Event::getType, Event::getReason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("met", "Normal", RequestEvents.ACCEPTANCE_MET),
            org.assertj.core.groups.Tuple.tuple("missed", "Warning", RequestEvents.ACCEPTANCE_NOT_MET),
            org.assertj.core.groups.Tuple.tuple("ungated", "Normal", RequestEvents.EVIDENCE_RECORDED));
    assertThat(recorded).filteredOn(e -> e.getReason().equals(RequestEvents.ACCEPTANCE_MET)).singleElement()
        .extracting(Event::getMessage).isEqualTo("acceptance met: maxRetainDrop 1.20 points (at most 5.00): met;"
            + " evidence record pvc://r/evidence.intoto.jsonl (sha256 ab12, signed by key k1)");
    assertThat(recorded).filteredOn(e -> e.getReason().equals(RequestEvents.ACCEPTANCE_NOT_MET)).singleElement()
        .extracting(Event::getMessage).asString().contains("the model is not published, it is kept at"
            + " pvc://r.rejected/model.pt").endsWith("(sha256 ab12, unsigned)");
    assertThat(recorded).filteredOn(e -> e.getReason().equals(RequestEvents.EVIDENCE_RECORDED)).singleElement()
        .extracting(Event::getMessage).asString().endsWith("; no acceptance gate (spec.acceptance)");
  }

  private static EvidenceSummary evidence(String verdict, boolean signed) {
    EvidenceSummary e = new EvidenceSummary();
    e.setVerdict(verdict);
    e.setUri("pvc://r/evidence.intoto.jsonl");
    e.setSha256("ab12");
    e.setSigned(signed);
    e.setKeyId(signed ? "k1" : null);
    e.setChecks(verdict.equals(EvidenceSummary.NOT_GATED) ? null : "maxRetainDrop 1.20 points (at most 5.00): met");
    e.setModelUri(verdict.equals(EvidenceSummary.REJECTED) ? "pvc://r.rejected/model.pt" : "pvc://r/model.pt");
    return e;
  }

  @Test
  void anEventTheApiServerRefusesIsLoggedNotThrown() throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    server.expect().post().withPath("/api/v1/namespaces/ml/events")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
            .withMessage("events is forbidden: cannot create resource \"events\"").build())
        .always();
    Logger logger = Logger.getLogger(RequestEvents.class.getName());
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    try (KubernetesClient refusing = server.createClient()) {
      RequestEvents events = new RequestEvents();
      events.client = refusing;
      assertThatCode(() -> events.warning(TestRequests.valid("r"), RequestEvents.FAILED, "boom"))
          .doesNotThrowAnyException();
      // The event was sent, and its loss is in the operator's log with the request and the server's reason.
      assertThat(server.getLastRequest().getPath()).isEqualTo("/api/v1/namespaces/ml/events");
      assertThat(server.getLastRequest().getUtf8Body()).contains("\"reason\":\"Failed\"");
      assertThat(logged).singleElement().satisfies(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        // JBoss Logging keeps the printf format and its arguments apart until a handler formats them.
        assertThat(((ExtLogRecord) r).getFormattedMessage())
            .contains("could not record event Failed on ml/r").contains("forbidden");
      });
    } finally {
      logger.removeHandler(capture);
      server.destroy();
    }
  }
}
