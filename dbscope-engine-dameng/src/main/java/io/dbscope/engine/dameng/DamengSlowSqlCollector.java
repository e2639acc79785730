package io.dbscope.engine.dameng;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.engine.sql.analytics.ActivityEvents;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.CollectorSwitch;
import io.dbscope.engine.sql.analytics.SessionActivity;
import io.dbscope.sql.SqlDialect;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * dameng_exporter's slow SQL ({@code dmdbms_slow_sql_info}, which puts the whole statement text,
 * session id and client address in labels) done the dbscope way: active sessions of {@code
 * V$SESSIONS} running longer than {@code slowSqlTime} become one event each (normalized text, at
 * most {@code slowSqlMaxRows} per scrape, each statement once), and only their count is a metric:
 * {@code dmdbms_activity_events_total{kind}}. Runs only with {@code checkSlowSQL}.
 */
final class DamengSlowSqlCollector implements StatefulCollector {
  static final String ID = "dm_slow_sql";
  private static final double TOLERANCE = 1;

  /**
   * dameng_exporter's query without its {@code ORDER BY}/{@code LIMIT} (the events keep the oldest
   * first and cap the count) and with the start as epoch seconds for de-duplication.
   */
  static final String QUERY =
      "SELECT SESS_ID, CURR_SCH, USER_NAME, CLNT_IP, SF_GET_SESSION_SQL(SESS_ID) AS SQL_TEXT,"
          + " DATEDIFF(MS, LAST_RECV_TIME, SYSDATE) AS EXEC_MS,"
          + " DATEDIFF(MS, TIMESTAMP '1970-01-01 00:00:00', LAST_RECV_TIME) AS START_MS"
          + " FROM V$SESSIONS WHERE STATE = 'ACTIVE' AND SESS_ID <> SESSID()";

  private final AnalyticsSettings settings;
  private final ActivityEvents events;
  private volatile Duration queryTimeout = Duration.ofSeconds(10);

  DamengSlowSqlCollector(AnalyticsSettings settings, EventSink sink, InstantSource clock) {
    this.settings = settings;
    this.events = new ActivityEvents(settings, sink, clock, SqlDialect.NEUTRAL, TOLERANCE, true);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.queryTimeout = config.queryTimeout();
    return settings.checkSlowSQL() && CollectorSwitch.allowed(ID, config);
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    ResultRows rows = session.run(QUERY, deadline.cap(queryTimeout));
    List<SessionActivity> sessions = new ArrayList<>();
    for (Object[] r : rows.rows()) {
      double age = number(r[rows.indexOf("exec_ms")]) / 1000.0;
      double start = number(r[rows.indexOf("start_ms")]) / 1000.0;
      sessions.add(
          new SessionActivity(
              String.valueOf(r[rows.indexOf("sess_id")]),
              true,
              start,
              age,
              Double.NaN,
              Double.NaN,
              false,
              Double.NaN,
              null,
              false));
    }
    events.emit(labels.get("datasource"), sessions, (i, slow) -> details(rows, i));
    events.export("dmdbms", labels, out);
  }

  private static ActivityEvents.Details details(ResultRows rows, int i) {
    Object[] r = rows.rows().get(i);
    return new ActivityEvents.Details(
        null,
        text(r[rows.indexOf("user_name")]),
        text(r[rows.indexOf("curr_sch")]),
        text(r[rows.indexOf("clnt_ip")]),
        text(r[rows.indexOf("sql_text")]));
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
