package io.dbscope.engine.postgres.analytics;

import io.dbscope.core.analytics.ActivityEvent;
import io.dbscope.core.analytics.ActivitySummary;
import io.dbscope.core.analytics.AnalyticsSettings;
import io.dbscope.core.analytics.CollectorSwitch;
import io.dbscope.core.analytics.EventSink;
import io.dbscope.core.analytics.OnceFilter;
import io.dbscope.core.analytics.SessionActivity;
import io.dbscope.core.analytics.SqlObfuscator;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Slow statements, long and idle-in-transaction transactions and lock waits from pg_stat_activity
 * (client backends, not dbscope's own session), as the bounded metrics of {@link ActivitySummary}
 * with prefix {@code pg}, plus one event per newly seen slow statement (only with {@code
 * checkSlowSQL}) and per newly seen long transaction. An event is identified by pid and statement
 * (or transaction) start, so it is emitted once however many scrapes see it; at most {@code
 * slowSqlMaxRows} events of each kind per scrape, oldest first (the rest follow in later scrapes
 * while they last). Event text is the session's statement with its literals replaced by {@code ?}.
 *
 * <p>Also exported: {@code pg_activity_events_total{kind}} (counter), events emitted.
 */
public final class PgActivityCollector implements StatefulCollector {
  public static final String ID = "pg_activity";
  private static final ServerVersion QUERY_ID = ServerVersion.parse("14");

  static final String SESSIONS =
      """
      SELECT pid, state, wait_event_type,
             extract(epoch FROM query_start)::float8 AS query_start,
             extract(epoch FROM xact_start)::float8 AS xact_start,
             extract(epoch FROM state_change)::float8 AS state_change,
             extract(epoch FROM clock_timestamp())::float8 AS now
        FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()\
      """;

  private final AnalyticsSettings settings;
  private final EventSink events;
  private final InstantSource clock;
  private final OnceFilter slowSeen = new OnceFilter(0);
  private final OnceFilter longSeen = new OnceFilter(0);
  private final Map<String, Long> emitted =
      new java.util.LinkedHashMap<>(
          Map.of(ActivityEvent.SLOW_SQL, 0L, ActivityEvent.LONG_TRANSACTION, 0L));
  private volatile ServerFacts facts;
  private volatile Duration queryTimeout = Duration.ofSeconds(10);

  public PgActivityCollector(AnalyticsSettings settings, EventSink events, InstantSource clock) {
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.facts = facts;
    this.queryTimeout = config.queryTimeout();
    return CollectorSwitch.allowed(ID, config);
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    ResultRows rows = session.run(SESSIONS, deadline.cap(queryTimeout));
    List<SessionActivity> sessions = sessions(rows);
    ActivitySummary.of(sessions, settings).export("pg", labels, out);
    String datasource = labels.get("datasource");
    List<Candidate> candidates = new ArrayList<>();
    slowSeen.begin();
    longSeen.begin();
    if (settings.checkSlowSQL()) {
      double after = settings.slowSqlTime().toNanos() / 1e9;
      sessions.stream()
          .filter(s -> s.active() && s.queryAge() > after)
          .filter(s -> !slowSeen.seen(s.sessionId(), s.queryStart()))
          .sorted(Comparator.comparingDouble(SessionActivity::queryAge).reversed())
          .limit(settings.slowSqlMaxRows())
          .forEach(s -> candidates.add(new Candidate(ActivityEvent.SLOW_SQL, s)));
    }
    double longAfter = settings.longTransactionTime().toNanos() / 1e9;
    sessions.stream()
        .filter(s -> s.transactionAge() > longAfter)
        .filter(s -> !longSeen.seen(s.sessionId(), s.transactionStart()))
        .sorted(Comparator.comparingDouble(SessionActivity::transactionAge).reversed())
        .limit(settings.slowSqlMaxRows())
        .forEach(s -> candidates.add(new Candidate(ActivityEvent.LONG_TRANSACTION, s)));
    if (!candidates.isEmpty()) {
      emit(session, deadline, datasource, candidates);
    }
    slowSeen.end();
    longSeen.end();
    for (var e : emitted.entrySet()) {
      out.add(
          "pg_activity_events_total",
          MetricType.COUNTER,
          "Slow-statement and long-transaction events emitted to the event sink.",
          labels.add("kind", e.getKey()),
          e.getValue());
    }
  }

  private record Candidate(String kind, SessionActivity session) {}

  /** Maps pg_stat_activity rows; a pure function of the rows. */
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

  /**
   * Reads who and what for the candidates, and emits an event for each that still runs the same
   * statement (or transaction) it was selected for.
   */
  private void emit(Session session, Deadline deadline, String datasource, List<Candidate> cs)
      throws Exception {
    ServerFacts f = facts;
    boolean queryId = f != null && f.version().isKnown() && f.version().compareTo(QUERY_ID) >= 0;
    String pids =
        cs.stream().map(c -> c.session().sessionId()).distinct().collect(Collectors.joining(","));
    String sql =
        "SELECT pid, usename, datname, client_addr::text AS client_addr, "
            + (queryId ? "query_id::text" : "NULL::text")
            + " AS query_id, extract(epoch FROM query_start)::float8 AS query_start,"
            + " extract(epoch FROM xact_start)::float8 AS xact_start, left(query, "
            + settings.queryTextLength() * 4
            + ") AS query FROM pg_stat_activity WHERE pid IN ("
            + pids
            + ")";
    ResultRows rows = session.run(sql, deadline.cap(queryTimeout));
    Map<String, Object[]> byPid =
        rows.rows().stream()
            .collect(Collectors.toMap(r -> String.valueOf(r[0]), r -> r, (a, b) -> a));
    for (Candidate c : cs) {
      SessionActivity s = c.session();
      Object[] r = byPid.get(s.sessionId());
      if (r == null) {
        continue; // the session ended in between
      }
      boolean slow = c.kind().equals(ActivityEvent.SLOW_SQL);
      double start = slow ? s.queryStart() : s.transactionStart();
      Object current = slow ? r[5] : r[6];
      if (current == null || ((Number) current).doubleValue() != start) {
        continue; // a new statement or transaction by now: not the one selected
      }
      ActivityEvent e =
          new ActivityEvent(
              clock.instant(),
              datasource,
              c.kind(),
              slow ? (String) r[4] : null,
              slow ? s.queryAge() : s.transactionAge(),
              (String) r[1],
              (String) r[2],
              (String) r[3],
              s.sessionId(),
              ActivityEvent.epoch(start),
              SqlObfuscator.obfuscate(
                  (String) r[7], SqlObfuscator.Dialect.POSTGRES, settings.queryTextLength()));
      events.emit(e.toMap());
      (slow ? slowSeen : longSeen).mark(s.sessionId(), start);
      emitted.merge(c.kind(), 1L, Long::sum);
    }
  }
}
