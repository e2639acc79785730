package io.dbscope.engine.sql.analytics;

import io.dbscope.core.config.DatasourceConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and thresholds of query analytics for one datasource. The slow-SQL switches come from the
 * datasource's config ({@code checkSlowSQL}, {@code slowSqlTime}, {@code slowSqlMaxRows}); the rest
 * have defaults chosen so that one datasource costs little memory and few series:
 *
 * <ul>
 *   <li>{@code topN} 20: fingerprints exported by delta total time, plus as many by delta calls;
 *   <li>{@code holdWindow} 10 min: how long a fingerprint that entered the top N stays exported;
 *   <li>{@code evictAfter} 1 h: a fingerprint whose counters did not change for this long is
 *       forgotten;
 *   <li>{@code maxTracked} 5,000: hard cap of tracked fingerprints (pg_stat_statements.max's
 *       default), least recently active evicted first;
 *   <li>{@code minInterval} 30 s: statement statistics are read at most this often; scrapes in
 *       between re-export the last values;
 *   <li>{@code queryTextLength} 200: characters of normalized text kept per fingerprint and in
 *       events;
 *   <li>{@code longTransactionTime} 60 s: a transaction open longer is "long";
 *   <li>{@code ownDatabaseOnly} false: read the whole server's statements, not only those of the
 *       connected database ({@code statementScope}, see {@link StatementScope}).
 * </ul>
 *
 * <pre>{@code
 * AnalyticsSettings s = AnalyticsSettings.of(config).toBuilder().topN(10).build();
 * }</pre>
 */
public record AnalyticsSettings(
    int topN,
    Duration holdWindow,
    Duration evictAfter,
    int maxTracked,
    Duration minInterval,
    int queryTextLength,
    boolean checkSlowSQL,
    Duration slowSqlTime,
    int slowSqlMaxRows,
    Duration longTransactionTime,
    boolean ownDatabaseOnly) {

  public static final int DEFAULT_TOP_N = 20;
  public static final Duration DEFAULT_HOLD_WINDOW = Duration.ofMinutes(10);
  public static final Duration DEFAULT_EVICT_AFTER = Duration.ofHours(1);
  public static final int DEFAULT_MAX_TRACKED = 5_000;
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_QUERY_TEXT_LENGTH = 200;
  public static final Duration DEFAULT_LONG_TRANSACTION_TIME = Duration.ofSeconds(60);

  public AnalyticsSettings {
    positive("topN", topN);
    positive("maxTracked", maxTracked);
    // statementTextLength = 0 is allowed: events and the API then carry no text at all.
    if (queryTextLength < 0) {
      throw new IllegalArgumentException(
          "queryTextLength must not be negative, not " + queryTextLength);
    }
    positive("slowSqlMaxRows", slowSqlMaxRows);
    notNegative("holdWindow", holdWindow);
    notNegative("evictAfter", evictAfter);
    notNegative("minInterval", minInterval);
    notNegative("slowSqlTime", slowSqlTime);
    notNegative("longTransactionTime", longTransactionTime);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + v);
    }
  }

  private static void notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, not " + d);
    }
  }

  /** The settings a datasource's config keys give (their defaults are this class's). */
  public static AnalyticsSettings of(DatasourceConfig config) {
    return defaults()
        .topN(config.option(AnalyticsOptions.STATEMENT_TOP_N))
        .holdWindow(config.option(AnalyticsOptions.STATEMENT_HOLD_WINDOW))
        .evictAfter(config.option(AnalyticsOptions.STATEMENT_EVICT_AFTER))
        .maxTracked(config.option(AnalyticsOptions.STATEMENT_MAX_TRACKED))
        .minInterval(config.option(AnalyticsOptions.STATEMENT_INTERVAL))
        .queryTextLength(config.option(AnalyticsOptions.STATEMENT_TEXT_LENGTH))
        .checkSlowSQL(config.option(AnalyticsOptions.CHECK_SLOW_SQL))
        .slowSqlTime(config.option(AnalyticsOptions.SLOW_SQL_TIME))
        .slowSqlMaxRows(Math.max(1, config.option(AnalyticsOptions.SLOW_SQL_MAX_ROWS)))
        .longTransactionTime(config.option(AnalyticsOptions.LONG_TRANSACTION_TIME))
        .ownDatabaseOnly(StatementScope.of(config) == StatementScope.DATABASE)
        .build();
  }

  /** Every default, slow SQL off as in a datasource without {@code checkSlowSQL}. */
  public static Builder defaults() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .topN(topN)
        .holdWindow(holdWindow)
        .evictAfter(evictAfter)
        .maxTracked(maxTracked)
        .minInterval(minInterval)
        .queryTextLength(queryTextLength)
        .checkSlowSQL(checkSlowSQL)
        .slowSqlTime(slowSqlTime)
        .slowSqlMaxRows(slowSqlMaxRows)
        .longTransactionTime(longTransactionTime)
        .ownDatabaseOnly(ownDatabaseOnly);
  }

  /** Builder starting from the defaults. */
  public static final class Builder {
    private int topN = DEFAULT_TOP_N;
    private Duration holdWindow = DEFAULT_HOLD_WINDOW;
    private Duration evictAfter = DEFAULT_EVICT_AFTER;
    private int maxTracked = DEFAULT_MAX_TRACKED;
    private Duration minInterval = DEFAULT_MIN_INTERVAL;
    private int queryTextLength = DEFAULT_QUERY_TEXT_LENGTH;
    private boolean checkSlowSQL;
    private Duration slowSqlTime = Duration.ofSeconds(10);
    private int slowSqlMaxRows = 10;
    private Duration longTransactionTime = DEFAULT_LONG_TRANSACTION_TIME;
    private boolean ownDatabaseOnly;

    private Builder() {}

    public Builder ownDatabaseOnly(boolean v) {
      ownDatabaseOnly = v;
      return this;
    }

    public Builder topN(int v) {
      topN = v;
      return this;
    }

    public Builder holdWindow(Duration v) {
      holdWindow = v;
      return this;
    }

    public Builder evictAfter(Duration v) {
      evictAfter = v;
      return this;
    }

    public Builder maxTracked(int v) {
      maxTracked = v;
      return this;
    }

    public Builder minInterval(Duration v) {
      minInterval = v;
      return this;
    }

    public Builder queryTextLength(int v) {
      queryTextLength = v;
      return this;
    }

    public Builder checkSlowSQL(boolean v) {
      checkSlowSQL = v;
      return this;
    }

    public Builder slowSqlTime(Duration v) {
      slowSqlTime = v;
      return this;
    }

    public Builder slowSqlMaxRows(int v) {
      slowSqlMaxRows = v;
      return this;
    }

    public Builder longTransactionTime(Duration v) {
      longTransactionTime = v;
      return this;
    }

    public AnalyticsSettings build() {
      return new AnalyticsSettings(
          topN,
          holdWindow,
          evictAfter,
          maxTracked,
          minInterval,
          queryTextLength,
          checkSlowSQL,
          slowSqlTime,
          slowSqlMaxRows,
          longTransactionTime,
          ownDatabaseOnly);
    }
  }
}
