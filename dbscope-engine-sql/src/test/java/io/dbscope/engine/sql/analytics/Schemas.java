package io.dbscope.engine.sql.analytics;

import io.dbscope.sql.SqlDialect;
import java.util.List;

/** A small schema for the pure tests: calls, total time, rows (counters) and max time (gauge). */
final class Schemas {
  static final StatementSchema TEST =
      new StatementSchema(
          "t_query",
          "t_statements_total",
          "queryid",
          "database",
          "user",
          SqlDialect.POSTGRES,
          List.of(
              StatementField.counter("calls", "t_query_calls_total", "Calls."),
              StatementField.counter(
                  "total_time_seconds", "t_query_exec_time_seconds_total", "Time."),
              StatementField.counter("rows", "t_query_rows_total", "Rows."),
              StatementField.gauge("max_time_seconds", "t_query_max_exec_time_seconds", "Max.")),
          List.of(
              new StatementSchema.Derived(
                  "t_query_rows_per_call",
                  "Rows per call.",
                  v -> v[0] > 0 ? v[2] / v[0] : Double.NaN)));

  private Schemas() {}

  static StatementKey key(String id) {
    return new StatementKey(id, "db", "app");
  }

  /** calls, time, rows, max. */
  static StatementSnapshot snap(String id, String text, double calls, double time, double rows) {
    return StatementSnapshot.of(key(id), text, calls, time, rows, time);
  }
}
