package io.dbscope.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything dbscope-jdbc keeps for one datasource name: its metric points, its statement table,
 * the slow-statement log and the failover watch. Connections of that datasource are wrapped here.
 */
final class Instrument {
  final String name;
  final JdbcMetrics metrics;
  final JdbcOptions options;
  final StatementTable statements;
  final SlowLog slowLog;

  /** Null unless spans are on and the OpenTelemetry API is there. */
  final ClientSpans spans;

  private final FailoverWatch failover;
  private final ConcurrentHashMap<String, Points> points = new ConcurrentHashMap<>();
  private volatile DbSystem system;

  Instrument(String name, JdbcMetrics metrics, JdbcOptions options) {
    this.name = name;
    this.metrics = metrics;
    this.options = options;
    this.statements = new StatementTable(options.maxStatements());
    this.slowLog = new SlowLog(name, options.slowThreshold());
    this.spans = options.spans() ? ClientSpans.create() : null;
    this.failover = new FailoverWatch(metrics.failovers.labelValues(name));
  }

  /** Wraps a connection just obtained from the driver or the pool. */
  Connection wrap(Connection raw) throws SQLException {
    DbSystem sys = system;
    if (sys == null) {
      sys = DbSystem.of(raw.getMetaData().getDatabaseProductName());
      system = sys;
    }
    if (options.failover()) {
      failover.check(raw, sys);
    }
    String catalog = raw.getCatalog();
    String ns = catalog == null ? "" : catalog;
    DbSystem s = sys;
    Points p = points.computeIfAbsent(ns, n -> new Points(metrics, name, s.name(), n));
    return new InstrumentedConnection(raw, this, s, p);
  }

  /** The system seen on the first connection, null before. */
  DbSystem system() {
    return system;
  }
}
