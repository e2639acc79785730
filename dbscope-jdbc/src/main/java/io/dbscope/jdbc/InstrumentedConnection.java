package io.dbscope.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * A connection whose statements are measured, and which times transactions: a transaction starts
 * with the first statement while auto-commit is off and ends with {@code commit}, {@code rollback}
 * (not to a savepoint), {@code setAutoCommit(true)} (a commit, as JDBC says) or {@code close} with
 * the transaction still open (a rollback: drivers and pools roll it back). Used by one thread at a
 * time, as JDBC connections are: plain fields.
 */
final class InstrumentedConnection extends ForwardingConnection {
  final Instrument instrument;
  final DbSystem system;
  final Points points;
  private boolean autoCommit;

  /** The span of the statement running now (one at a time per connection), or null. */
  Object span;

  private boolean inTransaction;
  private long txStart;

  InstrumentedConnection(Connection raw, Instrument instrument, DbSystem system, Points points)
      throws SQLException {
    super(raw);
    this.instrument = instrument;
    this.system = system;
    this.points = points;
    this.autoCommit = raw.getAutoCommit();
  }

  /** Called before each statement runs. */
  void beforeStatement(long now) {
    if (!autoCommit && !inTransaction) {
      inTransaction = true;
      txStart = now;
    }
  }

  SqlInfo info(String sql) {
    return instrument.statements.info(sql, system.dialect());
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new InstrumentedStatement(connection.createStatement(), this);
  }

  @Override
  public Statement createStatement(int a0, int a1) throws SQLException {
    return new InstrumentedStatement(connection.createStatement(a0, a1), this);
  }

  @Override
  public Statement createStatement(int a0, int a1, int a2) throws SQLException {
    return new InstrumentedStatement(connection.createStatement(a0, a1, a2), this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepared(connection.prepareStatement(sql), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int a1) throws SQLException {
    return prepared(connection.prepareStatement(sql, a1), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] a1) throws SQLException {
    return prepared(connection.prepareStatement(sql, a1), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] a1) throws SQLException {
    return prepared(connection.prepareStatement(sql, a1), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int a1, int a2) throws SQLException {
    return prepared(connection.prepareStatement(sql, a1, a2), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int a1, int a2, int a3)
      throws SQLException {
    return prepared(connection.prepareStatement(sql, a1, a2, a3), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return callable(connection.prepareCall(sql), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int a1, int a2) throws SQLException {
    return callable(connection.prepareCall(sql, a1, a2), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int a1, int a2, int a3) throws SQLException {
    return callable(connection.prepareCall(sql, a1, a2, a3), sql);
  }

  private PreparedStatement prepared(PreparedStatement raw, String sql) {
    return new InstrumentedPreparedStatement(raw, this, info(sql));
  }

  private CallableStatement callable(CallableStatement raw, String sql) {
    return new InstrumentedCallableStatement(raw, this, info(sql));
  }

  @Override
  public void setAutoCommit(boolean on) throws SQLException {
    connection.setAutoCommit(on);
    if (on && !autoCommit) {
      endTransaction("commit");
    }
    autoCommit = on;
  }

  @Override
  public void commit() throws SQLException {
    end("commit");
  }

  @Override
  public void rollback() throws SQLException {
    end("rollback");
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    connection.rollback(savepoint);
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!connection.isClosed()) {
        endTransaction("rollback");
      }
    } finally {
      connection.close();
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || connection.isWrapperFor(iface);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(connection)) {
      return iface.cast(connection);
    }
    return iface.isInstance(this) ? iface.cast(this) : connection.unwrap(iface);
  }

  private void end(String outcome) throws SQLException {
    try {
      if ("commit".equals(outcome)) {
        connection.commit();
      } else {
        connection.rollback();
      }
    } catch (SQLException e) {
      // A failed commit leaves nothing committed: the server rolled the transaction back.
      String state = e.getSQLState();
      instrument
          .metrics
          .errors
          .labelValues(
              points.datasource(),
              points.system(),
              state != null && state.length() == 5 ? state.substring(0, 2) : "")
          .inc();
      endTransaction("rollback");
      throw e;
    }
    endTransaction(outcome);
  }

  private void endTransaction(String outcome) {
    if (!inTransaction) {
      return;
    }
    long nanos = System.nanoTime() - txStart;
    inTransaction = false;
    instrument.metrics.transactions.labelValues(points.datasource(), outcome).inc();
    instrument.metrics.transactionDuration.labelValues(points.datasource(), outcome).observe(nanos);
  }
}
