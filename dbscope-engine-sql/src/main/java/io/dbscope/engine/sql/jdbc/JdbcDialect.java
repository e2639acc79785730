package io.dbscope.engine.sql.jdbc;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ServerFacts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** What a JDBC engine adds to the shared JDBC machinery: its URL and how to read server facts. */
public interface JdbcDialect {

  /** The JDBC URL for a datasource, without credentials. */
  String jdbcUrl(DatasourceConfig config);

  /**
   * The driver to connect with, when the engine loads it itself (from a jar in a class loader of
   * its own, where {@code DriverManager} would not find it); empty to let {@code DriverManager}
   * pick one of dbscope's own drivers by the URL.
   */
  default Optional<java.sql.Driver> driver() {
    return Optional.empty();
  }

  /** Driver properties (timeouts, SSL, application name). */
  default Properties driverProperties(DatasourceConfig config) {
    return new Properties();
  }

  /** A statement run once on every new connection (session settings), if any. */
  default Optional<String> connectionInitSql() {
    return Optional.empty();
  }

  /** Reads version, role and extensions over an open connection. */
  ServerFacts facts(Connection connection, Duration timeout) throws SQLException;

  /**
   * The statement that makes the transaction of a guarded (custom) query read-only on the server,
   * run first in that transaction, after {@code Connection.setReadOnly(true)} and {@code
   * setAutoCommit(false)}. The driver's read-only flag alone is not enough: some drivers only route
   * by it and never tell the server. A write that slipped past the SQL guard (a volatile function
   * that inserts) is then refused by the database itself.
   *
   * <p>The default is the SQL standard's {@code SET TRANSACTION READ ONLY}; an engine whose server
   * does not know it must override this, since a failing statement here fails every custom query
   * (which is the safe way to fail). Empty means the engine has nothing better than the driver's
   * flag.
   */
  default Optional<String> readOnlyTransaction() {
    return Optional.of("SET TRANSACTION READ ONLY");
  }

  /**
   * Rows the driver reads ahead for a guarded query: what it may hold in memory before dbscope has
   * seen a row and could stop. The default asks for the whole cut ({@code maxRows} plus one) in one
   * exchange, for a driver that bounds each exchange in bytes itself; an engine whose driver does
   * not must read less ahead.
   */
  default int guardedFetchSize(int maxRows) {
    return Math.min(1000, maxRows + 1);
  }

  /**
   * What {@link #resetSession} runs after the reset on this connection: the session settings a
   * reset loses (the driver's and dbscope's, such as {@link #connectionInitSql()}), and whatever
   * else the engine must close. Read before the first guarded query on a borrowed connection, while
   * the session is still as a new connection has it (every guarded query before was followed by a
   * reset, or the connection was discarded), so that an engine may read it from the server instead
   * of knowing it.
   */
  default Optional<String> sessionSettings(Connection connection, Duration timeout)
      throws SQLException {
    return connectionInitSql();
  }

  /**
   * Returns a connection on which user SQL ran to the session state of a new connection: session
   * locks released, user variables, session settings, prepared statements and temporary objects
   * gone, connections the session opened to elsewhere closed; then runs {@code settings}. A
   * read-only transaction that is rolled back undoes none of these. Called with the transaction
   * rolled back and auto-commit on.
   *
   * @param settings what {@link #sessionSettings} read for this connection
   * @throws SQLException when the session could not be reset; the connection is then discarded, so
   *     an engine that cannot reset a session at all throws here
   */
  void resetSession(Connection connection, Optional<String> settings, Duration timeout)
      throws SQLException;

  /**
   * Why the driver refused a result for its size (pgjdbc's {@code maxResultBuffer}), in words that
   * name dbscope's bound; empty for any other failure. The driver has closed the connection then.
   */
  default Optional<String> resultTooLarge(SQLException e) {
    return Optional.empty();
  }

  /**
   * One statement that runs all {@code queries} and returns one row with one column per query,
   * {@code r0}, {@code r1}…, each holding that query's rows (at most {@code maxRows}, plus one to
   * tell a cut) as a JSON array of objects in column order, or NULL for none; see {@link
   * JsonBatch}. Empty when the engine cannot express it, and the queries then run one by one.
   */
  default Optional<String> batch(List<String> queries, int maxRows) {
    return Optional.empty();
  }
}
