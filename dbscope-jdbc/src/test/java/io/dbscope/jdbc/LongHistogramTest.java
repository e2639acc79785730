package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class LongHistogramTest {
  private static final double[] BOUNDS = {0.001, 0.005, 0.01};

  /**
   * The same observations through client_java's histogram and through ours give the same text, so
   * that a dashboard cannot tell which one wrote it: bounds inclusive, sum in base units.
   */
  @Test
  void writesWhatClientJavasHistogramWrites() {
    long[] nanos = {0, 1_000_000, 1_000_001, 4_999_999, 5_000_000, 10_000_000, 2_500_000_000L};
    PrometheusRegistry theirs = new PrometheusRegistry();
    var reference =
        Histogram.builder()
            .name("op_seconds")
            .help("h")
            .labelNames("ds")
            .classicOnly()
            .withoutExemplars()
            .classicUpperBounds(BOUNDS)
            .register(theirs)
            .labelValues("a");
    PrometheusRegistry ours = new PrometheusRegistry();
    LongHistogram h = new LongHistogram("op_seconds", "h", BOUNDS, 1e9, null, "ds");
    ours.register(h);
    LongHistogram.Child c = h.labelValues("a");
    for (long n : nanos) {
      reference.observe(n / 1e9);
      c.observe(n);
    }
    assertThat(Scrape.of(ours).text()).isEqualTo(Scrape.of(theirs).text());
    assertThat(Scrape.of(ours).text())
        .contains("op_seconds_bucket{ds=\"a\",le=\"0.001\"} 2")
        .contains("op_seconds_bucket{ds=\"a\",le=\"0.005\"} 5")
        .contains("op_seconds_bucket{ds=\"a\",le=\"+Inf\"} 7")
        .contains("op_seconds_count{ds=\"a\"} 7");
  }

  @Test
  void aNameIsTakenOncePerRegistry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new LongHistogram("rows", "h", BOUNDS, 1, null, "ds"));
    assertThatThrownBy(
            () -> registry.register(new LongHistogram("rows", "h", BOUNDS, 1, null, "ds")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLabelValuesMustMatchTheNames() {
    LongHistogram h = new LongHistogram("rows", "h", BOUNDS, 1, null, "ds", "op");
    assertThatThrownBy(() -> h.labelValues("a")).hasMessageContaining("takes 2 label values");
    assertThat(h.labelValues("a", "SELECT")).isSameAs(h.labelValues("a", "SELECT"));
  }
}
