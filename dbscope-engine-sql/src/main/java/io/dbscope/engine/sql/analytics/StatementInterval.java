package io.dbscope.engine.sql.analytics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one fingerprint did in one analytics interval (between two reads of the server's statement
 * statistics), as a {@link StatementRecordSink} receives it. Its map has these fields, in this
 * order:
 *
 * <pre>
 * ts                 end of the interval (ISO-8601, UTC)
 * kind               statement_interval
 * datasource, engine the datasource name and its engine id (postgres, mysql)
 * fingerprint        queryid (PostgreSQL) or digest (MySQL)
 * database, user     as the server groups the fingerprint (user null where it does not)
 * statement_kind     read | write | other, from the leading keyword
 * interval_seconds   length of the interval
 * calls, total_time_seconds, rows, shared_blks_hit, ... every counter of the engine's schema:
 *                    its increase in the interval (never negative)
 * mean_time_seconds  total_time_seconds / calls of the interval
 * min_time_seconds, max_time_seconds   the server's own gauges (since its entry was created)
 * hit_ratio, ...     the schema's derived ratios computed over the interval's increases
 *                    (absent when there were no block accesses)
 * text               the normalized statement (literals and passwords are ?), cut to
 *                    queryTextLength
 * </pre>
 *
 * @param values the field values in the order above, after {@code interval_seconds}
 */
public record StatementInterval(
    Instant ts,
    String datasource,
    String engine,
    String fingerprint,
    String database,
    String user,
    String statementKind,
    double intervalSeconds,
    Map<String, Double> values,
    String text) {

  public static final String KIND = "statement_interval";

  public StatementInterval {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The record as a JSON-ready map in the documented field order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", ts.toString());
    m.put("kind", KIND);
    m.put("datasource", datasource);
    m.put("engine", engine);
    m.put("fingerprint", fingerprint);
    m.put("database", database);
    m.put("user", user);
    m.put("statement_kind", statementKind);
    m.put("interval_seconds", round(intervalSeconds));
    values.forEach((k, v) -> m.put(k, round(v)));
    m.put("text", text);
    return m;
  }

  /** Microseconds are enough for times and exact for the counts a record carries. */
  private static double round(double v) {
    return Math.abs(v) >= 1e9 ? v : Math.round(v * 1e6) / 1e6;
  }
}
