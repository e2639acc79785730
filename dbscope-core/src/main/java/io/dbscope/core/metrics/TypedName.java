package io.dbscope.core.metrics;

/** A family's name and type: what orders families ({@link OrderMemo}), whatever holds them. */
interface TypedName {
  String name();

  MetricType type();
}
