package io.dbscope.core.metrics;

/** The Prometheus type a definition declares for a metric. */
public enum MetricType {
  GAUGE,
  COUNTER,
  UNTYPED
}
