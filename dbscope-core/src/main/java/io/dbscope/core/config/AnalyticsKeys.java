package io.dbscope.core.config;

import static io.dbscope.core.config.KeyFactory.DAY;
import static io.dbscope.core.config.KeyFactory.MONTH;
import static io.dbscope.core.config.KeyFactory.WEEK;
import static io.dbscope.core.config.KeyFactory.bool;
import static io.dbscope.core.config.KeyFactory.choice;
import static io.dbscope.core.config.KeyFactory.duration;
import static io.dbscope.core.config.KeyFactory.integer;

import io.dbscope.core.config.ConfigKey.Scope;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The datasource keys of {@link ConfigKeys} for query analytics (slow statements, long
 * transactions, statement statistics); in documentation order, after {@link DatasourceKeys}.
 */
final class AnalyticsKeys {
  static final List<ConfigKey> KEYS =
      List.of(
          bool(Scope.DATASOURCE, "checkSlowSQL", false, "report slow statements (query analytics)"),
          duration(
              Scope.DATASOURCE,
              "slowSqlTime",
              "10000",
              ChronoUnit.MILLIS,
              1,
              WEEK,
              "a statement running longer than this is slow"),
          integer(
              Scope.DATASOURCE,
              "slowSqlMaxRows",
              10,
              1,
              1000,
              "slow statements (and long transactions) reported as events per scrape"),
          duration(
              Scope.DATASOURCE,
              "longTransactionTime",
              "60",
              ChronoUnit.SECONDS,
              1,
              WEEK,
              "a transaction open longer than this is long (query analytics)"),
          integer(
              Scope.DATASOURCE,
              "statementTopN",
              20,
              1,
              1000,
              "statement fingerprints exported by delta time, plus as many by delta calls"),
          duration(
              Scope.DATASOURCE,
              "statementHoldWindow",
              "600",
              ChronoUnit.SECONDS,
              0,
              WEEK,
              "a fingerprint that entered the top N stays exported this long"),
          duration(
              Scope.DATASOURCE,
              "statementEvictAfter",
              "3600",
              ChronoUnit.SECONDS,
              1,
              MONTH,
              "a fingerprint whose counters did not change this long is forgotten"),
          integer(
              Scope.DATASOURCE,
              "statementMaxTracked",
              5000,
              1,
              1_000_000,
              "fingerprints tracked per datasource; the least recently active are evicted above it"),
          duration(
              Scope.DATASOURCE,
              "statementInterval",
              "30",
              ChronoUnit.SECONDS,
              1,
              DAY,
              "statement statistics are read at most this often"),
          integer(
              Scope.DATASOURCE,
              "statementTextLength",
              200,
              0,
              100_000,
              "characters of normalized statement text kept (API and events)"),
          choice(
              Scope.DATASOURCE,
              "statementScope",
              "auto",
              List.of("auto", "cluster", "database"),
              "statements query analytics reads: cluster (the whole server), database (the"
                  + " connected one), auto (database when another datasource names the same"
                  + " server)"));

  private AnalyticsKeys() {}
}
