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
  GAUGE_HISTOGRAM,
  /**
   * A summary: {@code name{quantile}} per quantile, {@code name_sum} and {@code name_count}, one
   * such group per label set, written as {@code # TYPE name summary}. The quantile label keeps the
   * text the community exporter gives it ({@code "99.9"} from redis_exporter); see {@link
   * Summaries} for OpenMetrics.
   */
  SUMMARY;

  public boolean histogram() {
    return this == HISTOGRAM || this == GAUGE_HISTOGRAM;
  }

  /** Whether one series is a group of samples (buckets or quantiles, sum, count). */
  public boolean grouped() {
    return histogram() || this == SUMMARY;
  }

  /** The label that tells a group's samples apart: {@code le}, {@code quantile}, or none. */
  public String boundLabel() {
    return histogram() ? "le" : this == SUMMARY ? "quantile" : "";
  }
}
