package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptedFormatTest {

  @Test
  void prometheusDefaultHeaderGetsTheTextFormatAsTheCommunityExportersServe() {
    // Prometheus 2.x and 3.x (without the protobuf entry, which dbscope does not serve).
    assertThat(
            AcceptedFormat.openMetrics(
                "application/openmetrics-text;version=1.0.0,"
                    + "application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
        .isFalse();
    assertThat(
            AcceptedFormat.openMetrics(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                    + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;"
                    + "escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.3"))
        .isFalse();
  }

  @Test
  void openMetricsAloneGetsOpenMetrics() {
    assertThat(AcceptedFormat.openMetrics("application/openmetrics-text; version=1.0.0")).isTrue();
    assertThat(
            AcceptedFormat.openMetrics(
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0"))
        .isTrue();
    // A text format of another version is not the one dbscope writes.
    assertThat(
            AcceptedFormat.openMetrics(
                "application/openmetrics-text;version=1.0.0,text/plain;version=1.0.0"))
        .isTrue();
  }

  @Test
  void noHeaderOrAnythingElseGetsTheTextFormat() {
    assertThat(AcceptedFormat.openMetrics(null)).isFalse();
    assertThat(AcceptedFormat.openMetrics("")).isFalse();
    assertThat(AcceptedFormat.openMetrics("*/*")).isFalse();
    assertThat(AcceptedFormat.openMetrics("text/plain")).isFalse();
    assertThat(AcceptedFormat.openMetrics("application/json")).isFalse();
    assertThat(AcceptedFormat.openMetrics("application/openmetrics-text;q=bad,text/*")).isFalse();
  }
}
