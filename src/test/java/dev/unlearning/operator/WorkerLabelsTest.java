package dev.unlearning.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerLabelsTest {

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @Test
  void shortNamesGetAReadableJobName() {
    assertThat(WorkerLabels.jobName("fmnist-10pct")).isEqualTo("fmnist-10pct-unlearn");
    assertThat(WorkerLabels.requestLabelValue("fmnist-10pct")).isEqualTo("fmnist-10pct");
  }

  @Test
  void longOrDottedNamesGetAShortenedHashedValidDnsLabel() {
    String longName = "a".repeat(100);
    String job = WorkerLabels.jobName(longName);
    assertThat(job).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).endsWith("-unlearn").startsWith("aaaa");
    assertThat(WorkerLabels.jobName(longName)).isEqualTo(job);
    assertThat(WorkerLabels.jobName(longName + "b")).isNotEqualTo(job);

    assertThat(WorkerLabels.jobName("a.b")).matches(DNS_LABEL).startsWith("a-b-").endsWith("-unlearn");
    assertThat(WorkerLabels.jobName("a.b")).isNotEqualTo(WorkerLabels.jobName("a-b"));

    assertThat(WorkerLabels.requestLabelValue(longName)).hasSizeLessThanOrEqualTo(63).startsWith("aaaa");
  }
}
