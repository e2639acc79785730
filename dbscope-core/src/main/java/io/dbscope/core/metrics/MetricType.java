package io.dbscope.core.metrics;

/** The Prometheus type a definition declares for a metric. */
public enum MetricType {
  GAUGE,
  COUNTER,
  UNTYPED,
  /**
   * A classic histogram: {@code name_bucket{le}} (cumulative), {@code name_sum} and {@code
   * name_count}, written as {@code # TYPE name histogram}.
   */
  HISTOGRAM,
  /**
   * A histogram of what is there now (ages of running statements), not of events since a start: the
   * text format knows no such type and writes it as {@link #HISTOGRAM}; OpenMetrics writes it as
   * {@code gaugehistogram}.
   */
  GAUGE_HISTOGRAM;

  public boolean histogram() {
    return this == HISTOGRAM || this == GAUGE_HISTOGRAM;
  }
}
