package io.dbscope.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A query's result set that counts the rows the application reads and reports them once, when
 * {@code next()} says there are no more or when the set (or its statement) is closed.
 */
final class CountingResultSet extends ForwardingResultSet {
  private final Statement owner;
  private final InstrumentedConnection connection;
  private final SqlInfo info;
  private long rows;
  private boolean reported;

  CountingResultSet(
      ResultSet raw, Statement owner, InstrumentedConnection connection, SqlInfo info) {
    super(raw);
    this.owner = owner;
    this.connection = connection;
    this.info = info;
  }

  @Override
  public boolean next() throws SQLException {
    boolean more = resultSet.next();
    if (more) {
      rows++;
    } else {
      report();
    }
    return more;
  }

  @Override
  public void close() throws SQLException {
    report();
    resultSet.close();
  }

  @Override
  public Statement getStatement() {
    return owner;
  }

  /** Reports the rows read so far, the first time only. */
  void report() {
    if (!reported) {
      reported = true;
      Observe.rows(connection, info, rows);
    }
  }
}
