package dev.unlearning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one format of the worker's progress line, which the operator reads from the pod log (the worker has no API
 * token): {@value #MARKER} followed by a {@link Progress} as JSON on one line, printed on stdout at the end of each
 * epoch (and every few seconds while a folder is fetched). Log prefixes before the marker are allowed (a log
 * collector's, a timestamp); anything that does not parse is no progress, so a worker of another version cannot break
 * the operator.
 */
public final class ProgressLine {

  public static final String MARKER = "UNLEARNING_PROGRESS ";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ProgressLine() {}

  /** The progress at {@code now} after {@code epoch} of {@code epochs} of a step whose epochs took {@code elapsed} so far. */
  public static Progress of(String phase, int epoch, int epochs, double loss, Duration elapsed, Instant now) {
    Progress p = new Progress();
    p.setPhase(phase);
    p.setEpoch(epoch);
    p.setEpochs(epochs);
    p.setPercent(epochs <= 0 ? 0 : (int) Math.min(100, (100L * epoch) / epochs));
    p.setLoss(Double.isFinite(loss) ? loss : null);
    p.setRemainingSeconds(epoch <= 0 ? null : Math.round(elapsed.toMillis() / 1000.0 / epoch * (epochs - epoch)));
    p.setSummary(String.format(Locale.ROOT, "%s %d/%d %d%%", phase, epoch, epochs, p.getPercent()));
    p.setTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return p;
  }

  /** The progress at {@code now} of a transfer (phase fetch) that moved {@code objectsDone} objects in {@code elapsed}. */
  public static Progress ofTransfer(String phase, long objectsDone, long objects, long bytesDone, long bytes,
      Duration elapsed, Instant now) {
    Progress p = new Progress();
    p.setPhase(phase);
    p.setObjectsDone(objectsDone);
    p.setObjects(objects);
    p.setBytesDone(bytesDone);
    p.setBytes(bytes);
    p.setPercent(objects <= 0 ? 100 : (int) Math.min(100, (100L * objectsDone) / objects));
    double seconds = elapsed.toMillis() / 1000.0;
    double rate = seconds > 0 ? objectsDone / seconds : 0;
    p.setObjectsPerSecond(Math.round(rate * 10) / 10.0);
    p.setRemainingSeconds(rate > 0 ? Math.round((objects - objectsDone) / rate) : null);
    p.setSummary(String.format(Locale.ROOT, "%s %d/%d %d%%", phase, objectsDone, objects, p.getPercent()));
    p.setTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return p;
  }

  public static String format(Progress progress) {
    try {
      return MARKER + JSON.writeValueAsString(progress);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("progress cannot be written as JSON", e);
    }
  }

  public static Optional<Progress> parse(String line) {
    int at = line == null ? -1 : line.indexOf(MARKER);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(line.substring(at + MARKER.length()).strip(), Progress.class))
          .filter(p -> p.getPhase() != null);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The newest progress line of a log tail. */
  public static Optional<Progress> last(String log) {
    if (log == null) {
      return Optional.empty();
    }
    List<String> lines = log.lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      Optional<Progress> p = parse(lines.get(i));
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }
}
