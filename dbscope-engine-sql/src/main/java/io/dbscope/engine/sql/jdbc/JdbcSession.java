package io.dbscope.engine.sql.jdbc;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One pooled JDBC connection, used serially by one collection.
 *
 * <p>Definitions whose {@link Definition.Limits#guarded()} is set (custom metrics: user SQL) run
 * inside a read-only transaction that is always rolled back: {@code setReadOnly(true)}, {@code
 * setAutoCommit(false)}, the dialect's {@link JdbcDialect#readOnlyTransaction() statement}, the
 * query, {@code ROLLBACK}. A rollback does not undo what user SQL may leave in the session (session
 * locks, variables, settings, prepared statements, connections to elsewhere), so the dialect then
 * {@link JdbcDialect#resetSession resets the session} and puts dbscope's own settings back (read
 * once per borrow, before the first guarded query) before the flags are restored and the next query
 * runs. Should any of that fail, the connection is aborted and evicted from the pool and the
 * session refuses further queries ({@link #isOpen()} is false), so that the pool never hands out a
 * connection in an unknown state.
 *
 * <p>Every query reads at most the definition's {@code maxRows}: the driver is asked for one row
 * more, and when that row comes the result is marked {@link ResultRows#truncated() truncated}.
 * Guarded queries are bounded in bytes too ({@link ResultBounds}, see {@link ResultReader}); past a
 * bound the reading stops and the connection is discarded, as the driver is left in the middle of a
 * result.
 */
final class JdbcSession implements Session {
  /**
   * The built-ins' row cut, also for ad-hoc queries: a runaway result is cut, not buffered whole.
   */
  static final int MAX_ROWS = Definition.Limits.BUILTIN.maxRows();

  private final Connection connection;
  private final JdbcDialect dialect;
  private final ResultBounds bounds;
  private final Consumer<Connection> evict;

  /** Why the connection was discarded; null while it is usable. */
  private String discarded;

  /** The session settings to put back after a reset; null until the first guarded query. */
  private Optional<String> settings;

  /**
   * @param evict removes the connection from its pool for good (after it was aborted)
   */
  JdbcSession(
      Connection connection, JdbcDialect dialect, ResultBounds bounds, Consumer<Connection> evict) {
    this.connection = connection;
    this.dialect = dialect;
    this.bounds = bounds;
    this.evict = evict;
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
      arm(st, timeout);
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
   * The statement's own timeout, and the socket's read backstop one second past it. The backstop
   * set when the connection was borrowed follows the connect timeout; left there, a statement whose
   * first row takes longer than that (a big sort, a server under load) failed with "Read timed out"
   * well inside its queryTimeout.
   */
  private void arm(Statement st, Duration timeout) throws SQLException {
    st.setQueryTimeout(seconds(timeout));
    NetworkTimeout.set(connection, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + 1000));
  }

  /**
   * Prepared, although without parameters: the drivers then keep the statement prepared on the
   * server once it was run a few times on a connection (pgjdbc: {@code prepareThreshold}), so a
   * built-in that runs every scrape is parsed and planned once per connection, not every scrape.
   */
  private ResultRows execute(String sql, Duration timeout, int maxRows) throws SQLException {
    usable();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      arm(st, timeout);
      st.setMaxRows(maxRows + 1);
      st.setFetchSize(Math.min(1000, maxRows + 1));
      try (ResultSet rs = st.executeQuery()) {
        return ResultReader.read(rs, maxRows);
      }
    }
  }

  private ResultRows guarded(String sql, Duration timeout, int maxRows) throws SQLException {
    usable();
    long end = System.nanoTime() + timeout.toNanos();
    if (settings == null) {
      settings = dialect.sessionSettings(connection, timeout);
    }
    boolean readOnly = connection.isReadOnly();
    if (!connection.getAutoCommit()) {
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
          arm(st, timeout);
          st.execute(begin.get());
        }
      }
      rows = bounded(sql, Duration.ofNanos(Math.max(0, end - System.nanoTime())), maxRows);
    } catch (SQLException | RuntimeException | Error e) {
      SQLException failed = clean(readOnly, timeout);
      if (failed != null) {
        e.addSuppressed(failed);
      }
      throw e;
    }
    SQLException failed = clean(readOnly, timeout);
    if (failed != null) {
      throw failed;
    }
    return rows;
  }

  /**
   * A guarded query's result within the row and byte bounds. Past a byte bound, and on any error
   * while reading (an {@link OutOfMemoryError} in the driver), the connection is discarded before
   * the result is closed: closing would make the driver read the rest of the result.
   */
  private ResultRows bounded(String sql, Duration timeout, int maxRows) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      arm(st, timeout);
      st.setMaxRows(maxRows + 1);
      st.setFetchSize(dialect.guardedFetchSize(maxRows));
      try (ResultSet rs = st.executeQuery()) {
        try {
          return ResultReader.read(rs, maxRows, bounds);
        } catch (ResultTooLargeException e) {
          discard("a custom query's result was too large");
          throw e;
        } catch (Error e) {
          discard("reading a custom query's result failed: " + e);
          throw e;
        }
      }
    } catch (ResultTooLargeException e) {
      throw e;
    } catch (SQLException e) {
      Optional<String> tooLarge = dialect.resultTooLarge(e);
      if (tooLarge.isPresent()) {
        discard("a custom query's result was too large");
        throw new ResultTooLargeException(tooLarge.get());
      }
      throw e;
    }
  }

  /**
   * Rolls back, resets the session (see {@link JdbcDialect#resetSession}) and restores the
   * connection's flags; auto-commit is on afterwards, as the pool hands connections out.
   *
   * @return the failure, after discarding the connection; null when all went well
   */
  private SQLException clean(boolean readOnly, Duration timeout) {
    if (discarded != null) {
      return null;
    }
    try {
      // A driver's reset may set its own network timeout; the pool's backstop must stay.
      int networkTimeout = NetworkTimeout.get(connection);
      connection.rollback();
      connection.setAutoCommit(true);
      dialect.resetSession(connection, settings, timeout);
      NetworkTimeout.set(connection, networkTimeout);
      connection.setReadOnly(readOnly);
      return null;
    } catch (SQLException | RuntimeException e) {
      discard("the session could not be reset after a custom query");
      return new SQLException(
          "could not return the connection to a clean session after a custom query, so it was"
              + " discarded: "
              + e.getMessage(),
          "08003");
    }
  }

  /** Aborts the connection and takes it out of the pool; the session refuses further queries. */
  private void discard(String why) {
    if (discarded != null) {
      return;
    }
    discarded = why;
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException ignored) {
      // Already closed by the driver, or it cannot abort: the eviction below closes it.
    }
    try {
      evict.accept(connection);
    } catch (RuntimeException ignored) {
      // The pool drops it when it fails validation.
    }
  }

  private void usable() throws SQLException {
    if (discarded != null) {
      throw new SQLException("the connection was discarded: " + discarded, "08003");
    }
  }

  /** False once the connection was discarded or the pool took it back as broken. */
  @Override
  public boolean isOpen() {
    try {
      return discarded == null && !connection.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  /** JDBC query timeouts are whole seconds; round up, at least one. */
  static int seconds(Duration timeout) {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
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
