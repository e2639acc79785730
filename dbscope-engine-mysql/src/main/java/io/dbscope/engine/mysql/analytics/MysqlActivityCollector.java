package io.dbscope.engine.mysql.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.engine.sql.analytics.ActivityEvents;
import io.dbscope.engine.sql.analytics.ActivitySummary;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.CollectorSwitch;
import io.dbscope.engine.sql.analytics.SessionActivity;
import io.dbscope.sql.SqlDialect;
import io.prometheus.metrics.model.snapshots.Labels;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow statements from {@code information_schema.PROCESSLIST} ({@code COMMAND} Query or Execute
 * running longer than {@code slowSqlTime}), long and idle-in-transaction transactions and lock
 * waits from {@code information_schema.INNODB_TRX} (plus metadata-lock waits from the process
 * state), as the bounded metrics of {@link ActivitySummary} with prefix {@code mysql}, and one
 * event per newly seen slow statement (only with {@code checkSlowSQL}) and long transaction, its
 * text normalized (literals and passwords replaced by {@code ?}, see {@link
 * io.dbscope.sql.SqlObfuscator}). MySQL reports no wait types, so {@code mysql_waiting_sessions} is
 * not exported.
 *
 * <p>Statement starts are derived from the process time (milliseconds on MariaDB, whole seconds on
 * MySQL), so a statement counts as the same across scrapes when its start moved by at most two
 * seconds. Needs the PROCESS privilege to see other users' sessions and InnoDB transactions.
 *
 * <p>Also exported: {@code mysql_activity_events_total{kind}} (counter), events emitted.
 */
public final class MysqlActivityCollector implements StatefulCollector {
  public static final String ID = "mysql_activity";
  private static final double TOLERANCE = 2;
  private static final int ACCESS_DENIED = 1227;
  private static final Logger log = LoggerFactory.getLogger(MysqlActivityCollector.class);

  private final AnalyticsSettings settings;
  private final ActivityEvents events;
  private volatile boolean mariadb;
  private boolean trxDenied;
  private volatile Duration queryTimeout = Duration.ofSeconds(10);

  public MysqlActivityCollector(AnalyticsSettings settings, EventSink events, InstantSource clock) {
    this.settings = settings;
    this.events = new ActivityEvents(settings, events, clock, SqlDialect.MYSQL, TOLERANCE, true);
  }

  @Override
  public String id() {
    return ID;
  }

  /** Remembers whether this is MariaDB (which has PROCESSLIST.TIME_MS) and the query timeout. */
  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.mariadb = facts.versionText().toLowerCase(Locale.ROOT).contains("mariadb");
    this.queryTimeout = config.queryTimeout();
    return CollectorSwitch.allowed(ID, config);
  }

  /** Client sessions; the statement text only past the smaller threshold. */
  static String processlist(AnalyticsSettings s, boolean mariadb) {
    double threshold =
        Math.min(
            s.checkSlowSQL() ? s.slowSqlTime().toMillis() / 1000.0 : Double.MAX_VALUE,
            s.longTransactionTime().toMillis() / 1000.0);
    String age = mariadb ? "TIME_MS / 1000" : "TIME";
    return "SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command, STATE AS"
        + " state, "
        + age
        + " AS age, UNIX_TIMESTAMP(NOW(3)) AS now_s, CASE WHEN "
        + age
        + " >= "
        + (long) Math.floor(threshold)
        + " THEN LEFT(INFO, "
        + s.queryTextLength() * 4
        + ") END AS info FROM information_schema.PROCESSLIST"
        + " WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump',"
        + " 'Binlog Dump GTID', 'Connect', 'Killed')"
        + " AND USER NOT IN ('system user', 'event_scheduler')";
  }

  static final String TRANSACTIONS =
      "SELECT trx_mysql_thread_id AS id, trx_state AS state, UNIX_TIMESTAMP(trx_started) AS"
          + " started, UNIX_TIMESTAMP(NOW()) AS now_s FROM information_schema.INNODB_TRX";

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    ResultRows processes = session.run(processlist(settings, mariadb), deadline.cap(queryTimeout));
    ResultRows trx = transactions(session, deadline);
    List<SessionActivity> sessions = sessions(processes, trx);
    ActivitySummary.of(sessions, settings).export("mysql", labels, out);
    events.emit(labels.get("datasource"), sessions, (i, slow) -> details(processes, i));
    events.export("mysql", labels, out);
  }

  /** MySQL has no statement fingerprint per session. */
  private static ActivityEvents.Details details(ResultRows rows, int session) {
    Object[] r = rows.rows().get(session);
    return new ActivityEvents.Details(
        null,
        (String) r[rows.indexOf("user")],
        (String) r[rows.indexOf("db")],
        clientAddress((String) r[rows.indexOf("host")]),
        (String) r[rows.indexOf("info")]);
  }

  /**
   * InnoDB transactions; without the PROCESS privilege (error 1227) none, said once in the log, so
   * that the statement metrics still work.
   */
  private ResultRows transactions(Session session, Deadline deadline) throws Exception {
    try {
      ResultRows trx = session.run(TRANSACTIONS, deadline.cap(queryTimeout));
      trxDenied = false;
      return trx;
    } catch (SQLException e) {
      if (e.getErrorCode() != ACCESS_DENIED) {
        throw e;
      }
      if (!trxDenied) {
        trxDenied = true;
        log.warn(
            "cannot read information_schema.INNODB_TRX ({}): grant PROCESS to the monitoring user;"
                + " transaction metrics stay 0 until then",
            e.getMessage());
      }
      return ResultRows.of(List.of("id", "state", "started", "now_s"), List.of());
    }
  }

  /** Joins processes and InnoDB transactions by thread id; a pure function, in process order. */
  static List<SessionActivity> sessions(ResultRows processes, ResultRows trx) {
    Map<String, Object[]> tx = new HashMap<>();
    for (Object[] r : trx.rows()) {
      tx.put(String.valueOf(r[trx.indexOf("id")]), r);
    }
    int id = processes.indexOf("id");
    int command = processes.indexOf("command");
    int state = processes.indexOf("state");
    int age = processes.indexOf("age");
    int now = processes.indexOf("now_s");
    List<SessionActivity> out = new ArrayList<>(processes.rows().size());
    for (Object[] r : processes.rows()) {
      String sid = String.valueOf(r[id]);
      String cmd = (String) r[command];
      String st = r[state] == null ? "" : (String) r[state];
      double t = num(r[now]);
      double a = num(r[age]);
      boolean active = "Query".equals(cmd) || "Execute".equals(cmd);
      Object[] x = tx.get(sid);
      double txStart = x == null ? Double.NaN : num(x[trx.indexOf("started")]);
      double txAge = x == null ? Double.NaN : num(x[trx.indexOf("now_s")]) - txStart;
      boolean lockWait =
          x != null && "LOCK WAIT".equals(x[trx.indexOf("state")])
              || st.startsWith("Waiting for") && st.contains("lock");
      out.add(
          new SessionActivity(
              sid,
              active,
              active ? t - a : Double.NaN,
              active ? a : Double.NaN,
              txStart,
              txAge,
              x != null && "Sleep".equals(cmd),
              x != null && "Sleep".equals(cmd) ? a : Double.NaN,
              null,
              lockWait));
    }
    return out;
  }

  private static double num(Object o) {
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }

  /** {@code 10.0.0.7:51234} without the port. */
  static String clientAddress(String host) {
    if (host == null) {
      return null;
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 && host.substring(colon + 1).chars().allMatch(Character::isDigit)
        ? host.substring(0, colon)
        : host;
  }
}
