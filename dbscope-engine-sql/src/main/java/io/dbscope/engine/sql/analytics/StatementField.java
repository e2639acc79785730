package io.dbscope.engine.sql.analytics;

/**
 * One statistic of a fingerprint as the engine reads it: a cumulative counter (calls, time, rows),
 * for which deltas are computed, or a gauge the server keeps per entry (min, max, mean time).
 *
 * @param name key in the HTTP API ({@code calls}, {@code total_time_seconds})
 * @param metric exported metric name ({@code pg_query_calls_total}); counters end in {@code _total}
 * @param kind counter or gauge
 * @param help the metric's help text
 */
public record StatementField(String name, String metric, Kind kind, String help) {

  /** Whether deltas apply. */
  public enum Kind {
    COUNTER,
    GAUGE
  }

  public StatementField {
    if (kind == Kind.COUNTER && !metric.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + metric + " must end in _total");
    }
  }

  public static StatementField counter(String name, String metric, String help) {
    return new StatementField(name, metric, Kind.COUNTER, help);
  }

  public static StatementField gauge(String name, String metric, String help) {
    return new StatementField(name, metric, Kind.GAUGE, help);
  }

  public boolean isCounter() {
    return kind == Kind.COUNTER;
  }
}
