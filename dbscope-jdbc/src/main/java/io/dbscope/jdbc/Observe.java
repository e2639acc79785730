package io.dbscope.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What every statement wrapper records, in one place: the duration histogram point, the
 * fingerprint's statistics, the slow log, errors by SQLSTATE, and batches. Static and
 * allocation-free on success, so that a wrapped statement costs a clock read and a few adds.
 */
final class Observe {
  private Observe() {}

  /** A JDBC call that may fail. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws SQLException;
  }

  /**
   * Runs a batch of {@code size} records and records it as one batch, succeeded or failed. A
   * prepared statement's batch ({@code s} not null) also counts as {@code size} calls of its
   * fingerprint, as the server counts them ({@code pg_stat_statements} sees one execution per
   * record), so that the two sides of a statement can be compared.
   */
  static <T> T batch(InstrumentedConnection c, SqlInfo s, int size, Call<T> call)
      throws SQLException {
    long t = start(c);
    try {
      T r = call.run();
      long nanos = batchOk(c, size, t);
      if (s != null) {
        s.stats().recordBatch(size, nanos, 0);
      }
      return r;
    } catch (SQLException e) {
      int failed = batchFailed(c, size, t, e);
      if (s != null) {
        s.stats().recordBatch(size, System.nanoTime() - t, failed);
      }
      throw e;
    }
  }

  /** Marks the start of a statement: the clock, and a transaction's first statement. */
  static long start(InstrumentedConnection c) {
    long t = System.nanoTime();
    c.beforeStatement(t);
    return t;
  }

  /** As {@link #start(InstrumentedConnection)}, and opens a client span when spans are on. */
  static long start(InstrumentedConnection c, SqlInfo s) {
    ClientSpans spans = c.instrument.spans;
    if (spans != null) {
      c.span = spans.start(c.points, s);
    }
    return start(c);
  }

  private static void endSpan(InstrumentedConnection c, SQLException e) {
    if (c.span != null) {
      c.instrument.spans.end(c.span, e);
      c.span = null;
    }
  }

  static void ok(InstrumentedConnection c, SqlInfo s, long start) {
    long nanos = System.nanoTime() - start;
    c.points.ok(s.operation(), nanos);
    s.stats().record(nanos, false);
    c.instrument.slowLog.check(s.stats(), nanos);
    endSpan(c, null);
  }

  /** Records a failed statement and gives the exception back for rethrowing. */
  static SQLException failed(InstrumentedConnection c, SqlInfo s, long start, SQLException e) {
    long nanos = System.nanoTime() - start;
    c.points.failed(s.operation(), nanos, e);
    s.stats().record(nanos, true);
    c.instrument.slowLog.check(s.stats(), nanos);
    endSpan(c, e);
    return e;
  }

  /** A statement's update count as returned rows are not counted; only queries report rows. */
  static void rows(InstrumentedConnection c, SqlInfo s, long n) {
    c.points.rows(s.operation(), n);
    s.stats().rows.add(n);
  }

  /** A batch that ran: all its records succeeded. Gives its duration. */
  static long batchOk(InstrumentedConnection c, int size, long start) {
    return batch(c, "success", size, 0, start);
  }

  /**
   * A batch that failed: records with an update count in the exception succeeded (drivers that stop
   * at the first failure report fewer counts than records), the rest failed. Gives the number
   * failed.
   */
  static int batchFailed(InstrumentedConnection c, int size, long start, SQLException e) {
    int succeeded = 0;
    if (e instanceof BatchUpdateException b) {
      long[] counts = b.getLargeUpdateCounts();
      if (counts != null) {
        for (long n : counts) {
          succeeded += n >= 0 || n == Statement.SUCCESS_NO_INFO ? 1 : 0;
        }
      }
    }
    succeeded = Math.min(succeeded, size);
    batch(c, "failure", succeeded, size - succeeded, start);
    String state = e.getSQLState();
    c.instrument
        .metrics
        .errors
        .labelValues(
            c.points.datasource(),
            c.points.system(),
            state != null && state.length() == 5 ? state.substring(0, 2) : "")
        .inc();
    return size - succeeded;
  }

  private static long batch(
      InstrumentedConnection c, String outcome, int succeeded, int failed, long start) {
    long nanos = System.nanoTime() - start;
    JdbcMetrics m = c.instrument.metrics;
    String ds = c.points.datasource();
    m.batches.labelValues(ds, outcome).inc();
    m.batchSize.labelValues(ds).observe(succeeded + failed);
    m.batchDuration.labelValues(ds, outcome).observe(nanos);
    if (succeeded > 0) {
      m.batchRecords.labelValues(ds, "success").inc(succeeded);
    }
    if (failed > 0) {
      m.batchRecords.labelValues(ds, "failure").inc(failed);
    }
    return nanos;
  }
}
