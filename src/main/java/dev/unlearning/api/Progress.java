package dev.unlearning.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How far a run is: written by the worker as a {@link ProgressLine} in its log, read back by the operator into
 * {@code status.progress} while the request runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Progress {

  @JsonPropertyDescription("The worker's current step: fetch (downloading an s3:// folder: the objects and bytes below), or a training step, pretrain, fineTune, unlearn or retrain (the epochs below are of that step).")
  private String phase;

  @JsonPropertyDescription("Epochs of the current step done so far.")
  private Integer epoch;

  @JsonPropertyDescription("Epochs of the current step in all.")
  private Integer epochs;

  @JsonPropertyDescription("Share of the current step done, 0-100.")
  private Integer percent;

  @JsonPropertyDescription("Mean training loss of the last epoch.")
  private Double loss;

  @JsonPropertyDescription("Estimated seconds until the current step ends, from the time its epochs took so far.")
  private Long remainingSeconds;

  @JsonPropertyDescription("Short form for kubectl's PROGRESS column, e.g. 'fineTune 2/5 40%'.")
  private String summary;

  @JsonPropertyDescription("When the worker measured this, at the end of an epoch (RFC 3339, the worker's clock). The operator reads the worker's log every unlearning.progress-interval, so a reading older than an epoch plus that interval means a slow epoch or a log that cannot be read.")
  private String time;

  @JsonPropertyDescription("fetch: objects downloaded so far.")
  private Long objectsDone;

  @JsonPropertyDescription("fetch: objects to download in all (the folder's listing).")
  private Long objects;

  @JsonPropertyDescription("fetch: bytes downloaded so far.")
  private Long bytesDone;

  @JsonPropertyDescription("fetch: bytes to download in all.")
  private Long bytes;

  @JsonPropertyDescription("fetch: objects downloaded per second so far.")
  private Double objectsPerSecond;

  public Long getObjectsDone() { return objectsDone; }
  public void setObjectsDone(Long objectsDone) { this.objectsDone = objectsDone; }
  public Long getObjects() { return objects; }
  public void setObjects(Long objects) { this.objects = objects; }
  public Long getBytesDone() { return bytesDone; }
  public void setBytesDone(Long bytesDone) { this.bytesDone = bytesDone; }
  public Long getBytes() { return bytes; }
  public void setBytes(Long bytes) { this.bytes = bytes; }
  public Double getObjectsPerSecond() { return objectsPerSecond; }
  public void setObjectsPerSecond(Double objectsPerSecond) { this.objectsPerSecond = objectsPerSecond; }
  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }
  public Integer getEpoch() { return epoch; }
  public void setEpoch(Integer epoch) { this.epoch = epoch; }
  public Integer getEpochs() { return epochs; }
  public void setEpochs(Integer epochs) { this.epochs = epochs; }
  public Integer getPercent() { return percent; }
  public void setPercent(Integer percent) { this.percent = percent; }
  public Double getLoss() { return loss; }
  public void setLoss(Double loss) { this.loss = loss; }
  public Long getRemainingSeconds() { return remainingSeconds; }
  public void setRemainingSeconds(Long remainingSeconds) { this.remainingSeconds = remainingSeconds; }
  public String getSummary() { return summary; }
  public void setSummary(String summary) { this.summary = summary; }
  public String getTime() { return time; }
  public void setTime(String time) { this.time = time; }
}
