package io.dbscope.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A plain statement: each {@code execute*(sql)} is measured under the text's operation and
 * fingerprint (looked up in the datasource's bounded table, see {@link StatementTable}); batches of
 * {@code addBatch(sql)} count as batches, not under a fingerprint (their texts differ; a prepared
 * statement's batch counts each record as a call of its one fingerprint).
 */
final class InstrumentedStatement extends ForwardingStatement {
  private final InstrumentedConnection conn;
  private CountingResultSet current;
  private SqlInfo last;
  private int batched;

  InstrumentedStatement(Statement raw, InstrumentedConnection conn) {
    super(raw);
    this.conn = conn;
  }

  private <T> T measure(String sql, Observe.Call<T> call) throws SQLException {
    finishResult();
    SqlInfo info = conn.info(sql);
    last = info;
    long t = Observe.start(conn, info);
    try {
      T r = call.run();
      Observe.ok(conn, info, t);
      return r;
    } catch (SQLException e) {
      throw Observe.failed(conn, info, t, e);
    }
  }

  private void finishResult() {
    if (current != null) {
      current.report();
      current = null;
    }
  }

  private ResultSet counted(ResultSet rs) {
    if (rs == null || last == null) {
      return rs;
    }
    current = new CountingResultSet(rs, this, conn, last);
    return current;
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    return counted(measure(sql, () -> statement.executeQuery(sql)));
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return measure(sql, () -> statement.executeUpdate(sql));
  }

  @Override
  public int executeUpdate(String sql, int a1) throws SQLException {
    return measure(sql, () -> statement.executeUpdate(sql, a1));
  }

  @Override
  public int executeUpdate(String sql, int[] a1) throws SQLException {
    return measure(sql, () -> statement.executeUpdate(sql, a1));
  }

  @Override
  public int executeUpdate(String sql, String[] a1) throws SQLException {
    return measure(sql, () -> statement.executeUpdate(sql, a1));
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return measure(sql, () -> statement.executeLargeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql, int a1) throws SQLException {
    return measure(sql, () -> statement.executeLargeUpdate(sql, a1));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] a1) throws SQLException {
    return measure(sql, () -> statement.executeLargeUpdate(sql, a1));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] a1) throws SQLException {
    return measure(sql, () -> statement.executeLargeUpdate(sql, a1));
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return measure(sql, () -> statement.execute(sql));
  }

  @Override
  public boolean execute(String sql, int a1) throws SQLException {
    return measure(sql, () -> statement.execute(sql, a1));
  }

  @Override
  public boolean execute(String sql, int[] a1) throws SQLException {
    return measure(sql, () -> statement.execute(sql, a1));
  }

  @Override
  public boolean execute(String sql, String[] a1) throws SQLException {
    return measure(sql, () -> statement.execute(sql, a1));
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    ResultSet rs = statement.getResultSet();
    if (rs == null) {
      return null;
    }
    return current != null && current.resultSet == rs ? current : counted(rs);
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    statement.addBatch(sql);
    batched++;
  }

  @Override
  public void clearBatch() throws SQLException {
    statement.clearBatch();
    batched = 0;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    int size = batched;
    batched = 0;
    return Observe.batch(conn, null, size, statement::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    int size = batched;
    batched = 0;
    return Observe.batch(conn, null, size, statement::executeLargeBatch);
  }

  @Override
  public Connection getConnection() {
    return conn;
  }

  @Override
  public void close() throws SQLException {
    finishResult();
    statement.close();
  }
}
