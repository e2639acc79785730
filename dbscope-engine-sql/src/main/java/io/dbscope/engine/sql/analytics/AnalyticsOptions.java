package io.dbscope.engine.sql.analytics;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import java.time.Duration;
import java.util.List;

/**
 * The datasource keys of query analytics (slow statements, long transactions, statement
 * statistics), which every SQL engine with analytics brings in its option tables.
 */
public final class AnalyticsOptions {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);

  public static final Option<Boolean> CHECK_SLOW_SQL =
      Option.bool("checkSlowSQL", false, "report slow statements (query analytics)");
  public static final Option<Duration> SLOW_SQL_TIME =
      Option.duration(
          "slowSqlTime",
          Duration.ofSeconds(10),
          MILLIS,
          1,
          WEEK,
          "a statement running longer than this is slow");
  public static final Option<Integer> SLOW_SQL_MAX_ROWS =
      Option.integer(
          "slowSqlMaxRows",
          10,
          1,
          1000,
          "slow statements (and long transactions) reported as events per scrape");
  public static final Option<Duration> LONG_TRANSACTION_TIME =
      Option.duration(
          "longTransactionTime",
          Duration.ofSeconds(60),
          SECONDS,
          1,
          WEEK,
          "a transaction open longer than this is long (query analytics)");
  public static final Option<Integer> STATEMENT_TOP_N =
      Option.integer(
          "statementTopN",
          20,
          1,
          1000,
          "statement fingerprints exported by delta time, plus as many by delta calls");
  public static final Option<Duration> STATEMENT_HOLD_WINDOW =
      Option.duration(
          "statementHoldWindow",
          Duration.ofMinutes(10),
          SECONDS,
          0,
          WEEK,
          "a fingerprint that entered the top N stays exported this long");
  public static final Option<Duration> STATEMENT_EVICT_AFTER =
      Option.duration(
          "statementEvictAfter",
          Duration.ofHours(1),
          SECONDS,
          1,
          MONTH,
          "a fingerprint whose counters did not change this long is forgotten");
  public static final Option<Integer> STATEMENT_MAX_TRACKED =
      Option.integer(
          "statementMaxTracked",
          5000,
          1,
          1_000_000,
          "fingerprints tracked per datasource; the least recently active are evicted above it");
  public static final Option<Duration> STATEMENT_INTERVAL =
      Option.duration(
          "statementInterval",
          Duration.ofSeconds(30),
          SECONDS,
          1,
          DAY,
          "statement statistics are read at most this often");
  public static final Option<Integer> STATEMENT_TEXT_LENGTH =
      Option.integer(
          "statementTextLength",
          200,
          0,
          100_000,
          "characters of normalized statement text kept (API and events)");
  public static final Option<String> STATEMENT_SCOPE =
      Option.choice(
          "statementScope",
          "auto",
          List.of("auto", "cluster", "database"),
          "statements query analytics reads: cluster (the whole server), database (the"
              + " connected one), auto (database when another datasource names the same"
              + " server)");

  /** The table, in documentation order. */
  public static final OptionTable TABLE =
      new OptionTable(
          "Query analytics",
          "Slow statements, long transactions and per-fingerprint statement statistics"
              + " (see docs/query-analytics.md).",
          List.of(
              CHECK_SLOW_SQL,
              SLOW_SQL_TIME,
              SLOW_SQL_MAX_ROWS,
              LONG_TRANSACTION_TIME,
              STATEMENT_TOP_N,
              STATEMENT_HOLD_WINDOW,
              STATEMENT_EVICT_AFTER,
              STATEMENT_MAX_TRACKED,
              STATEMENT_INTERVAL,
              STATEMENT_TEXT_LENGTH,
              STATEMENT_SCOPE));

  private AnalyticsOptions() {}
}
