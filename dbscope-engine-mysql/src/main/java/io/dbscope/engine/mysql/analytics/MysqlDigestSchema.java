package io.dbscope.engine.mysql.analytics;

import io.dbscope.engine.sql.analytics.StatementField;
import io.dbscope.engine.sql.analytics.StatementSchema;
import io.dbscope.sql.SqlDialect;
import java.util.List;

/**
 * The statistics dbscope tracks per digest and schema from {@code
 * performance_schema.events_statements_summary_by_digest}, in base units (timers in picoseconds
 * become seconds), and their metric names:
 *
 * <pre>
 * mysql_query_calls_total                 counter  COUNT_STAR
 * mysql_query_exec_time_seconds_total     counter  SUM_TIMER_WAIT
 * mysql_query_lock_time_seconds_total     counter  SUM_LOCK_TIME
 * mysql_query_rows_sent_total             counter  SUM_ROWS_SENT
 * mysql_query_rows_examined_total         counter  SUM_ROWS_EXAMINED
 * mysql_query_rows_affected_total         counter  SUM_ROWS_AFFECTED
 * mysql_query_errors_total                counter  SUM_ERRORS
 * mysql_query_warnings_total              counter  SUM_WARNINGS
 * mysql_query_tmp_tables_total            counter  SUM_CREATED_TMP_TABLES
 * mysql_query_tmp_disk_tables_total       counter  SUM_CREATED_TMP_DISK_TABLES
 * mysql_query_no_index_used_total         counter  SUM_NO_INDEX_USED
 * mysql_query_min_exec_time_seconds       gauge    MIN_TIMER_WAIT
 * mysql_query_max_exec_time_seconds       gauge    MAX_TIMER_WAIT
 * mysql_query_mean_exec_time_seconds      gauge    AVG_TIMER_WAIT
 * </pre>
 *
 * Labels: {@code digest}, {@code schema} (performance_schema does not group digests by user).
 */
final class MysqlDigestSchema {
  static final int SIZE = 14;

  static final StatementSchema SCHEMA =
      new StatementSchema(
          "mysql_query",
          "mysql_statements_total",
          "digest",
          "schema",
          null,
          SqlDialect.MYSQL,
          List.of(
              StatementField.counter(
                  "calls",
                  "mysql_query_calls_total",
                  "Number of times the statement was executed."),
              StatementField.counter(
                  "total_time_seconds",
                  "mysql_query_exec_time_seconds_total",
                  "Total time spent executing the statement, in seconds."),
              StatementField.counter(
                  "lock_time_seconds",
                  "mysql_query_lock_time_seconds_total",
                  "Time the statement spent waiting for table locks, in seconds."),
              StatementField.counter(
                  "rows_sent", "mysql_query_rows_sent_total", "Rows the statement returned."),
              StatementField.counter(
                  "rows_examined",
                  "mysql_query_rows_examined_total",
                  "Rows the statement read from storage engines."),
              StatementField.counter(
                  "rows_affected",
                  "mysql_query_rows_affected_total",
                  "Rows the statement changed."),
              StatementField.counter(
                  "errors",
                  "mysql_query_errors_total",
                  "Executions of the statement that raised an error."),
              StatementField.counter(
                  "warnings", "mysql_query_warnings_total", "Warnings the statement raised."),
              StatementField.counter(
                  "tmp_tables",
                  "mysql_query_tmp_tables_total",
                  "Internal temporary tables the statement created."),
              StatementField.counter(
                  "tmp_disk_tables",
                  "mysql_query_tmp_disk_tables_total",
                  "Internal temporary tables the statement created on disk."),
              StatementField.counter(
                  "no_index_used",
                  "mysql_query_no_index_used_total",
                  "Executions of the statement that scanned a table without an index."),
              StatementField.gauge(
                  "min_time_seconds",
                  "mysql_query_min_exec_time_seconds",
                  "Shortest execution of the statement, in seconds."),
              StatementField.gauge(
                  "max_time_seconds",
                  "mysql_query_max_exec_time_seconds",
                  "Longest execution of the statement, in seconds."),
              StatementField.gauge(
                  "mean_time_seconds",
                  "mysql_query_mean_exec_time_seconds",
                  "Mean execution time of the statement, in seconds.")),
          List.of());

  private MysqlDigestSchema() {}
}
