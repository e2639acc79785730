package io.dbscope.jdbc;

import java.time.Duration;

/**
 * Settings of the instrumentation, validated here so that a wrapped datasource never meets a bad
 * one at run time.
 *
 * @param slowThreshold statements at least this long are logged, once per fingerprint; zero turns
 *     the log off
 * @param maxStatements fingerprints tracked per datasource before new ones count as overflow
 * @param failover whether each new physical connection asks the server who it is (one short query)
 *     to count failovers
 * @param spans whether each statement opens an OpenTelemetry client span (needs the API)
 */
record JdbcOptions(Duration slowThreshold, int maxStatements, boolean failover, boolean spans) {
  static final JdbcOptions DEFAULTS = new JdbcOptions(Duration.ofSeconds(1), 500, true, false);

  JdbcOptions {
    if (slowThreshold == null || slowThreshold.isNegative()) {
      throw new IllegalArgumentException(
          "dbscope-jdbc: slowThreshold must be zero or positive, got " + slowThreshold);
    }
    if (maxStatements < 1) {
      throw new IllegalArgumentException(
          "dbscope-jdbc: maxStatements must be at least 1, got " + maxStatements);
    }
  }
}
