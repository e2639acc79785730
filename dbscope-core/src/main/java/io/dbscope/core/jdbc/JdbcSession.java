package io.dbscope.core.jdbc;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** One pooled JDBC connection, used serially by one collection. */
final class JdbcSession implements Session {
  /** Built-in definitions never need more rows; a runaway result is cut, not buffered whole. */
  static final int MAX_ROWS = 10_000;

  private final Connection connection;
  private final JdbcDialect dialect;

  JdbcSession(Connection connection, JdbcDialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  @Override
  public ServerFacts facts(Duration timeout) throws SQLException {
    return dialect.facts(connection, timeout);
  }

  @Override
  public ResultRows query(Definition definition, Duration timeout) throws SQLException {
    return run(definition.query(), timeout);
  }

  @Override
  public ResultRows run(String sql, Duration timeout) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(seconds(timeout));
      st.setMaxRows(MAX_ROWS);
      st.setFetchSize(1000);
      try (ResultSet rs = st.executeQuery(sql)) {
        return read(rs);
      }
    }
  }

  /** JDBC query timeouts are whole seconds; round up, at least one. */
  static int seconds(Duration timeout) {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  static ResultRows read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> cols = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      cols.add(md.getColumnLabel(i));
    }
    List<Object[]> rows = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int i = 1; i <= n; i++) {
        row[i - 1] = value(rs.getObject(i));
      }
      rows.add(row);
    }
    return new ResultRows(cols, rows);
  }

  private static Object value(Object o) {
    return switch (o) {
      case null -> null;
      case BigDecimal b -> b.doubleValue();
      case Number n -> n;
      case Boolean b -> b;
      case Timestamp t -> t.getTime() / 1000.0;
      case OffsetDateTime t -> t.toInstant().toEpochMilli() / 1000.0;
      case java.sql.Array a -> a.toString();
      default -> o.toString();
    };
  }

  @Override
  public void ping(Duration timeout) throws SQLException {
    if (!connection.isValid(seconds(timeout))) {
      throw new SQLException("connection is not valid");
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Returning to the pool failed; Hikari evicts the connection itself.
    }
  }
}
