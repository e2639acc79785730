package io.dbscope.engine.postgres.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.engine.postgres.PostgresDialect;
import io.dbscope.engine.sql.analytics.ActivityEvents;
import io.dbscope.engine.sql.analytics.ActivitySummary;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.CollectorSwitch;
import io.dbscope.engine.sql.analytics.SessionActivity;
import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlObfuscator;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow statements, long and idle-in-transaction transactions and lock waits from pg_stat_activity
 * (client backends, not dbscope's own session), as the bounded metrics of {@link ActivitySummary}
 * with prefix {@code pg}, plus one event per newly seen slow statement (only with {@code
 * checkSlowSQL}) and per newly seen long transaction.
 *
 * <p>One query per scrape reads every client session; it returns the statement text only for
 * sessions past a threshold, so the text always belongs to the statement that was measured. An
 * event is identified by pid and statement (or transaction) start, so it is emitted once however
 * many scrapes see it; at most {@code slowSqlMaxRows} events of each kind per scrape, oldest first
 * (the rest follow in later scrapes while they last). Event text is normalized (literals and
 * passwords replaced by {@code ?}, see {@link SqlObfuscator}); the fingerprint is the session's
 * {@code query_id} (14+, with compute_query_id on).
 *
 * <p>Also exported: {@code pg_activity_events_total{kind}} (counter), events emitted.
 */
public final class PgActivityCollector implements StatefulCollector {
  public static final String ID = "pg_activity";
  private static final ServerVersion QUERY_ID = ServerVersion.parse("14");

  private final AnalyticsSettings settings;
  private final ActivityEvents events;
  private volatile ServerFacts facts;
  private volatile Duration queryTimeout = Duration.ofSeconds(10);

  public PgActivityCollector(AnalyticsSettings settings, EventSink events, InstantSource clock) {
    this.settings = settings;
    this.events = new ActivityEvents(settings, events, clock, SqlDialect.POSTGRES, 0, false);
  }

  @Override
  public String id() {
    return ID;
  }

  /** Remembers the facts (the version decides whether query_id exists) and the query timeout. */
  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.facts = facts;
    this.queryTimeout = config.queryTimeout();
    return CollectorSwitch.allowed(ID, config);
  }

  /** The sessions query; text only past a threshold (slow statement or long transaction). */
  static String query(AnalyticsSettings s, boolean queryId) {
    String slow =
        s.checkSlowSQL()
            ? "state = 'active' AND clock_timestamp() - query_start > "
                + interval(s.slowSqlTime())
                + " OR "
            : "";
    return """
    SELECT pid, state, wait_event_type, usename, datname, host(client_addr) AS client_addr,
           %s AS query_id,
           extract(epoch FROM query_start)::float8 AS query_start,
           extract(epoch FROM xact_start)::float8 AS xact_start,
           extract(epoch FROM state_change)::float8 AS state_change,
           extract(epoch FROM clock_timestamp())::float8 AS now,
           CASE WHEN %sclock_timestamp() - xact_start > %s THEN left(query, %d) END AS query
      FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
       AND application_name IS DISTINCT FROM '%s'\
    """
        .formatted(
            queryId ? "query_id::text" : "NULL::text",
            slow,
            interval(s.longTransactionTime()),
            s.queryTextLength() * 4,
            // dbscope's other sessions too (the pool filling, a health check, another dbscope):
            // the monitor's own queries are not the workload.
            PostgresDialect.APPLICATION_NAME);
  }

  private static String interval(Duration d) {
    return "interval '" + d.toMillis() + " milliseconds'";
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    ServerFacts f = facts;
    boolean queryId = f != null && f.version().isKnown() && f.version().compareTo(QUERY_ID) >= 0;
    ResultRows rows = session.run(query(settings, queryId), deadline.cap(queryTimeout));
    List<SessionActivity> sessions = sessions(rows);
    ActivitySummary.of(sessions, settings).export("pg", labels, out);
    events.emit(labels.get("datasource"), sessions, (i, slow) -> details(rows, i, slow));
    events.export("pg", labels, out);
  }

  private static ActivityEvents.Details details(ResultRows rows, int session, boolean slow) {
    Object[] r = rows.rows().get(session);
    return new ActivityEvents.Details(
        slow ? (String) r[rows.indexOf("query_id")] : null,
        (String) r[rows.indexOf("usename")],
        (String) r[rows.indexOf("datname")],
        (String) r[rows.indexOf("client_addr")],
        (String) r[rows.indexOf("query")]);
  }

  /** Maps pg_stat_activity rows; a pure function of the rows, in the same order. */
  static List<SessionActivity> sessions(ResultRows rows) {
    int pid = rows.indexOf("pid");
    int state = rows.indexOf("state");
    int wait = rows.indexOf("wait_event_type");
    int qs = rows.indexOf("query_start");
    int xs = rows.indexOf("xact_start");
    int sc = rows.indexOf("state_change");
    int now = rows.indexOf("now");
    List<SessionActivity> out = new ArrayList<>(rows.rows().size());
    for (Object[] r : rows.rows()) {
      String st = (String) r[state];
      double t = num(r[now]);
      boolean active = "active".equals(st) || "fastpath function call".equals(st);
      boolean idleInTx = st != null && st.startsWith("idle in transaction");
      double queryStart = active ? num(r[qs]) : Double.NaN;
      double xactStart = num(r[xs]);
      String waitType = (String) r[wait];
      out.add(
          new SessionActivity(
              String.valueOf(r[pid]),
              active,
              queryStart,
              t - queryStart,
              xactStart,
              t - xactStart,
              idleInTx,
              idleInTx ? t - num(r[sc]) : Double.NaN,
              active ? waitType : null,
              "Lock".equals(waitType)));
    }
    return out;
  }

  private static double num(Object o) {
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }
}
