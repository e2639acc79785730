package io.dbscope.engine.jdbc;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.engine.sql.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What dbscope knows of a database it knows nothing about: the URL as written, facts from {@link
 * DatabaseMetaData}, the read-only statement the datasource names.
 */
final class GenericDialect implements JdbcDialect {
  private final Optional<Driver> driver;
  private final Optional<String> readOnly;

  GenericDialect(Optional<Driver> driver, String readOnlyStatement) {
    this.driver = driver;
    this.readOnly = Optional.of(readOnlyStatement.strip()).filter(s -> !s.isEmpty());
  }

  /** The datasource's {@code readOnlyStatement}; the SQL standard's by default. */
  @Override
  public Optional<String> readOnlyTransaction() {
    return readOnly;
  }

  @Override
  public Optional<Driver> driver() {
    return driver;
  }

  @Override
  public String jdbcUrl(DatasourceConfig config) {
    return config.url().map(Object::toString).orElseThrow();
  }

  /** What opens the database read-only for drivers that decide it only at open (SQLite). */
  @Override
  public Properties driverProperties(DatasourceConfig config) {
    return ReadOnlyOpen.properties(jdbcUrl(config));
  }

  @Override
  public ServerFacts facts(Connection connection, Duration timeout) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    String text = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
    ServerVersion version =
        new ServerVersion(List.of(md.getDatabaseMajorVersion(), md.getDatabaseMinorVersion()));
    return new ServerFacts(text, version, ServerFacts.Role.UNKNOWN, Set.of(), Optional.empty());
  }

  /**
   * Nothing generic resets a session, so nothing runs: what a guarded query may leave behind is
   * bounded by the guard (read-only SQL, no session-changing calls) and the rollback.
   */
  @Override
  public void resetSession(Connection connection, Optional<String> settings, Duration timeout) {
    // No portable reset statement exists; see the class comment of JdbcEngine.
  }
}
