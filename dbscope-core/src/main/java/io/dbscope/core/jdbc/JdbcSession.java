package io.dbscope.core.jdbc;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pooled JDBC connection, used serially by one collection.
 *
 * <p>Definitions whose {@link Definition.Limits#guarded()} is set (custom metrics: user SQL) run
 * inside a read-only transaction that is always rolled back: {@code setReadOnly(true)}, {@code
 * setAutoCommit(false)}, the dialect's {@link JdbcDialect#readOnlyTransaction() statement}, the
 * query, {@code ROLLBACK}, then auto-commit and the read-only flag are restored before the
 * connection goes back to the pool. Should the rollback or the restore fail, the connection is
 * aborted and the session refuses further queries, so that the pool never hands out a connection
 * in an unknown transaction state.
 *
 * <p>Every query reads at most the definition's {@code maxRows}: the driver is asked for one row
 * more, and when that row comes the result is marked {@link ResultRows#truncated() truncated}.
 */
final class JdbcSession implements Session {
  /** The built-ins' row cut, also for ad-hoc queries: a runaway result is cut, not buffered whole. */
  static final int MAX_ROWS = Definition.Limits.BUILTIN.maxRows();

  private final Connection connection;
  private final JdbcDialect dialect;
  private boolean broken;

  JdbcSession(Connection connection, JdbcDialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  @Override
  public ServerFacts facts(Duration timeout) throws SQLException {
    usable();
    return dialect.facts(connection, timeout);
  }

  @Override
  public ResultRows query(Definition definition, Duration timeout) throws SQLException {
    Definition.Limits limits = definition.limits();
    int maxRows = limits.maxRows() > 0 ? limits.maxRows() : MAX_ROWS;
    return limits.guarded()
        ? guarded(definition.query(), timeout, maxRows)
        : execute(definition.query(), timeout, maxRows);
  }

  @Override
  public Optional<Map<String, ResultRows>> batch(List<Definition> definitions, Duration timeout)
      throws SQLException, IOException {
    List<String> queries = new ArrayList<>(definitions.size());
    for (Definition d : definitions) {
      if (d.limits().guarded()) {
        throw new IllegalArgumentException("guarded definitions are never batched: " + d.id());
      }
      queries.add(d.query());
    }
    Optional<String> sql = dialect.batch(queries, MAX_ROWS);
    if (sql.isEmpty()) {
      return Optional.empty();
    }
    usable();
    String[] parts = new String[definitions.size()];
    try (PreparedStatement st = connection.prepareStatement(sql.get())) {
      st.setQueryTimeout(seconds(timeout));
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the batched statement returned no row");
        }
        for (int i = 0; i < parts.length; i++) {
          parts[i] = rs.getString(i + 1);
        }
      }
    }
    Map<String, ResultRows> out = new HashMap<>(parts.length * 2);
    for (int i = 0; i < parts.length; i++) {
      Definition d = definitions.get(i);
      out.put(d.id(), JsonBatch.rows(d, parts[i], MAX_ROWS));
    }
    return Optional.of(out);
  }

  @Override
  public ResultRows run(String sql, Duration timeout) throws SQLException {
    return execute(sql, timeout, MAX_ROWS);
  }

  /**
   * Prepared, although without parameters: the drivers then keep the statement prepared on the
   * server once it was run a few times on a connection (pgjdbc: {@code prepareThreshold}), so a
   * built-in that runs every scrape is parsed and planned once per connection, not every scrape.
   */
  private ResultRows execute(String sql, Duration timeout, int maxRows) throws SQLException {
    usable();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setQueryTimeout(seconds(timeout));
      st.setMaxRows(maxRows + 1);
      st.setFetchSize(Math.min(1000, maxRows + 1));
      try (ResultSet rs = st.executeQuery()) {
        return read(rs, maxRows);
      }
    }
  }

  private ResultRows guarded(String sql, Duration timeout, int maxRows) throws SQLException {
    usable();
    long end = System.nanoTime() + timeout.toNanos();
    boolean autoCommit = connection.getAutoCommit();
    boolean readOnly = connection.isReadOnly();
    if (!autoCommit) {
      // Never start inside someone else's transaction: the read-only flag cannot change there.
      connection.rollback();
      connection.setAutoCommit(true);
    }
    connection.setReadOnly(true);
    connection.setAutoCommit(false);
    ResultRows rows;
    try {
      Optional<String> begin = dialect.readOnlyTransaction();
      if (begin.isPresent()) {
        try (Statement st = connection.createStatement()) {
          st.setQueryTimeout(seconds(timeout));
          st.execute(begin.get());
        }
      }
      rows = execute(sql, Duration.ofNanos(Math.max(0, end - System.nanoTime())), maxRows);
    } catch (SQLException | RuntimeException e) {
      SQLException failed = restore(autoCommit, readOnly);
      if (failed != null) {
        e.addSuppressed(failed);
      }
      throw e;
    }
    SQLException failed = restore(autoCommit, readOnly);
    if (failed != null) {
      throw failed;
    }
    return rows;
  }

  /**
   * Rolls back and restores the connection's flags.
   *
   * @return the failure, after aborting the connection; null when all went well
   */
  private SQLException restore(boolean autoCommit, boolean readOnly) {
    SQLException failure = null;
    try {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
      connection.setReadOnly(readOnly);
    } catch (SQLException e) {
      failure =
          new SQLException(
              "could not roll back the read-only transaction: " + e.getMessage(), "08003", e);
      broken = true;
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException ignored) {
        // The connection is unusable either way; the pool drops it when it fails validation.
      }
    }
    return failure;
  }

  private void usable() throws SQLException {
    if (broken) {
      throw new SQLException("the connection was aborted after a failed rollback", "08003");
    }
  }

  /** JDBC query timeouts are whole seconds; round up, at least one. */
  static int seconds(Duration timeout) {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  static ResultRows read(ResultSet rs) throws SQLException {
    return read(rs, Integer.MAX_VALUE - 1);
  }

  /** Reads at most {@code maxRows} rows; a further row marks the result truncated. */
  static ResultRows read(ResultSet rs, int maxRows) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> cols = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      cols.add(md.getColumnLabel(i));
    }
    List<Object[]> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == maxRows) {
        truncated = true;
        break;
      }
      Object[] row = new Object[n];
      for (int i = 1; i <= n; i++) {
        row[i - 1] = value(rs.getObject(i));
      }
      rows.add(row);
    }
    return new ResultRows(cols, rows, truncated);
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
    usable();
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
