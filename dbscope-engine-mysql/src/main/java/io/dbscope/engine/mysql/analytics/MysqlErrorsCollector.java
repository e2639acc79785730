package io.dbscope.engine.mysql.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.engine.sql.analytics.CollectorSwitch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.Locale;

/**
 * Server-wide error counts from {@code performance_schema.events_errors_summary_global_by_error}
 * (MySQL 8.0+; MariaDB has no such table, so this collector does not apply there):
 *
 * <ul>
 *   <li>{@code mysql_errors_raised_total{error_number, error_name}} counter;
 *   <li>{@code mysql_errors_handled_total{error_number, error_name}} counter (handled by stored
 *       program handlers).
 * </ul>
 *
 * Only errors that occurred are exported, so the series are the errors a server actually sees (a
 * bounded set: MySQL's error catalogue). A stateful collector rather than a definition only because
 * a definition cannot tell MySQL 8 from MariaDB 10, whose version numbers overlap.
 */
public final class MysqlErrorsCollector implements StatefulCollector {
  public static final String ID = "perf_schema.errors";
  private static final ServerVersion MYSQL_8 = ServerVersion.parse("8.0");

  static final String QUERY =
      "SELECT ERROR_NUMBER AS error_number, ERROR_NAME AS error_name,"
          + " SUM_ERROR_RAISED AS raised, SUM_ERROR_HANDLED AS handled"
          + " FROM performance_schema.events_errors_summary_global_by_error"
          + " WHERE SUM_ERROR_RAISED > 0 OR SUM_ERROR_HANDLED > 0";

  private volatile Duration queryTimeout = Duration.ofSeconds(10);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.queryTimeout = config.queryTimeout();
    return isMysql8(facts)
        && facts.extensions().contains("performance_schema")
        && CollectorSwitch.allowed(ID, config);
  }

  static boolean isMysql8(ServerFacts facts) {
    return !facts.versionText().toLowerCase(Locale.ROOT).contains("mariadb")
        && facts.version().isKnown()
        && facts.version().compareTo(MYSQL_8) >= 0;
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    map(session.run(QUERY, deadline.cap(queryTimeout)), labels, out);
  }

  /** Rows to samples; a pure function, tested with literal rows. */
  static void map(ResultRows rows, Labels labels, SampleBatch out) {
    for (Object[] r : rows.rows()) {
      Labels l =
          labels
              .add("error_number", String.valueOf(((Number) r[0]).longValue()))
              .add("error_name", r[1] == null ? "" : (String) r[1]);
      out.add(
          "mysql_errors_raised_total",
          MetricType.COUNTER,
          "Times the server raised this error (performance_schema error summary).",
          l,
          ((Number) r[2]).doubleValue());
      out.add(
          "mysql_errors_handled_total",
          MetricType.COUNTER,
          "Times a stored program handler handled this error (performance_schema error summary).",
          l,
          ((Number) r[3]).doubleValue());
    }
  }
}
