package io.dbscope.core.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A slow statement, long transaction or slow operation as an {@link EventSink} receives it. Its map
 * has these fields, in this order (absent values are JSON null):
 *
 * <pre>
 * ts                 when dbscope saw it (ISO-8601, UTC)
 * datasource         the datasource name
 * kind               slow_sql | long_transaction | slow_operation (MongoDB)
 * fingerprint        queryid (PostgreSQL 14+) or null when unknown
 * duration_seconds   how long the statement or transaction had run when seen
 * user, database, client_addr
 * session_id         backend pid or connection (thread) id; MongoDB: the operation id
 * started_at         statement or transaction start (ISO-8601)
 * text               the statement normalized by SqlObfuscator (literals and passwords are ?),
 *                    cut to queryTextLength; MongoDB: the command's shape as JSON, every
 *                    literal value ?
 * </pre>
 *
 * @param kind {@link #SLOW_SQL}, {@link #LONG_TRANSACTION} or {@link #SLOW_OPERATION}
 */
public record ActivityEvent(
    Instant ts,
    String datasource,
    String kind,
    String fingerprint,
    double durationSeconds,
    String user,
    String database,
    String clientAddr,
    String sessionId,
    Instant startedAt,
    String text) {

  public static final String SLOW_SQL = "slow_sql";
  public static final String LONG_TRANSACTION = "long_transaction";
  public static final String SLOW_OPERATION = "slow_operation";

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", ts.toString());
    m.put("datasource", datasource);
    m.put("kind", kind);
    m.put("fingerprint", fingerprint);
    m.put("duration_seconds", Math.round(durationSeconds * 1000) / 1000.0);
    m.put("user", user);
    m.put("database", database);
    m.put("client_addr", clientAddr);
    m.put("session_id", sessionId);
    m.put("started_at", startedAt == null ? null : startedAt.toString());
    m.put("text", text);
    return m;
  }

  /** An epoch-seconds value as an instant, null for NaN. */
  public static Instant epoch(double seconds) {
    if (Double.isNaN(seconds)) {
      return null;
    }
    long s = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(s, Math.round((seconds - s) * 1e9));
  }
}
