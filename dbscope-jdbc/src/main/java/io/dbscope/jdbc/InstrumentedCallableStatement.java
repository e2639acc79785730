package io.dbscope.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A stored procedure call, measured like a prepared statement (batches are not counted). */
final class InstrumentedCallableStatement extends ForwardingCallableStatement {
  private final InstrumentedConnection conn;
  private final SqlInfo info;

  InstrumentedCallableStatement(CallableStatement raw, InstrumentedConnection conn, SqlInfo info) {
    super(raw);
    this.conn = conn;
    this.info = info;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    long t = Observe.start(conn, info);
    try {
      ResultSet rs = callable.executeQuery();
      Observe.ok(conn, info, t);
      return new CountingResultSet(rs, this, conn, info);
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  @Override
  public int executeUpdate() throws SQLException {
    long t = Observe.start(conn, info);
    try {
      int n = callable.executeUpdate();
      Observe.ok(conn, info, t);
      return n;
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    long t = Observe.start(conn, info);
    try {
      boolean r = callable.execute();
      Observe.ok(conn, info, t);
      return r;
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  @Override
  public Connection getConnection() {
    return conn;
  }
}
