package io.dbscope.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared statement: its operation and fingerprint were found once, when it was prepared, so
 * that each execution costs a clock read, a histogram update and a few adds.
 */
final class InstrumentedPreparedStatement extends ForwardingPreparedStatement {
  private final InstrumentedConnection conn;
  private final SqlInfo info;
  private CountingResultSet current;
  private int batched;

  InstrumentedPreparedStatement(PreparedStatement raw, InstrumentedConnection conn, SqlInfo info) {
    super(raw);
    this.conn = conn;
    this.info = info;
  }

  private void finishResult() {
    if (current != null) {
      current.report();
      current = null;
    }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    finishResult();
    long t = Observe.start(conn, info);
    ResultSet rs;
    try {
      rs = prepared.executeQuery();
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
    Observe.ok(conn, info, t);
    current = new CountingResultSet(rs, this, conn, info);
    return current;
  }

  @Override
  public int executeUpdate() throws SQLException {
    finishResult();
    long t = Observe.start(conn, info);
    try {
      int n = prepared.executeUpdate();
      Observe.ok(conn, info, t);
      return n;
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    finishResult();
    long t = Observe.start(conn, info);
    try {
      long n = prepared.executeLargeUpdate();
      Observe.ok(conn, info, t);
      return n;
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    finishResult();
    long t = Observe.start(conn, info);
    try {
      boolean r = prepared.execute();
      Observe.ok(conn, info, t);
      return r;
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    ResultSet rs = prepared.getResultSet();
    if (rs == null) {
      return null;
    }
    if (current != null && current.resultSet == rs) {
      return current;
    }
    current = new CountingResultSet(rs, this, conn, info);
    return current;
  }

  @Override
  public void addBatch() throws SQLException {
    prepared.addBatch();
    batched++;
  }

  @Override
  public void clearBatch() throws SQLException {
    prepared.clearBatch();
    batched = 0;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    int size = batched;
    batched = 0;
    return Observe.batch(conn, info, size, prepared::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    int size = batched;
    batched = 0;
    return Observe.batch(conn, info, size, prepared::executeLargeBatch);
  }

  @Override
  public Connection getConnection() {
    return conn;
  }

  @Override
  public void close() throws SQLException {
    finishResult();
    prepared.close();
  }
}
