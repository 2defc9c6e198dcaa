package dev.unlearning.operator.reading;

import dev.unlearning.api.BuildVersion;
import dev.unlearning.api.ReadReport;
import dev.unlearning.api.UnlearningRequest;
import dev.unlearning.operator.RequestEvents;
import dev.unlearning.operator.metrics.UnlearningMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells users about requests this operator version does not fully understand: unknown fields once per request (log
 * and Event), and an unreadable request once per version of the object (log, Event and the
 * {@value UnlearningMetrics#UNREADABLE} counter). Once per operator process: a restarted operator tells again.
 */
@ApplicationScoped
public class ReadReporter {

  public static final String UNKNOWN_FIELDS = "UnknownFields";
  public static final String UNREADABLE = "Unreadable";
  private static final Logger LOG = Logger.getLogger(ReadReporter.class);

  @Inject
  RequestEvents events;

  @Inject
  UnlearningMetrics metrics;

  /** UIDs of requests whose unknown fields were reported. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  /** uid@resourceVersion of unreadable objects reported. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  public void unknownFields(UnlearningRequest request, ReadReport report) {
    if (report.unknownFields().isEmpty() || !warned.add(uid(request))) {
      return;
    }
    String message = "fields unknown to operator version " + BuildVersion.current() + ": "
        + String.join(", ", report.unknownFields())
        + (report.unknownSpecFields().isEmpty() ? "; ignored"
            : "; unknown spec fields keep a request that has no Job yet from starting (UnsupportedField),"
                + " the others are ignored");
    LOG.warnf("%s: %s", name(request), message);
    events.warning(request, UNKNOWN_FIELDS, message);
  }

  public void unreadable(UnlearningRequest request, ReadReport report) {
    if (!reported.add(uid(request) + "@" + request.getMetadata().getResourceVersion())) {
      return;
    }
    String message = "operator version " + BuildVersion.current() + " cannot read this object and skips it: "
        + report.unreadable();
    LOG.errorf("%s (resourceVersion %s): %s", name(request), request.getMetadata().getResourceVersion(), message);
    metrics.requestUnreadable(request.getMetadata().getNamespace());
    events.warning(request, UNREADABLE, message);
  }

  /** Forgets requests that are gone; {@code uids} are those that exist now. */
  public void retainOnly(Set<String> uids) {
    warned.retainAll(uids);
    reported.removeIf(key -> !uids.contains(key.substring(0, key.lastIndexOf('@'))));
  }

  private static String uid(UnlearningRequest request) {
    return String.valueOf(request.getMetadata().getUid());
  }

  private static String name(UnlearningRequest request) {
    return request.getMetadata().getNamespace() + "/" + request.getMetadata().getName();
  }
}
