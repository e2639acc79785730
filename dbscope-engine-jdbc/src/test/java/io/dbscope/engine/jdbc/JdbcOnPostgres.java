package io.dbscope.engine.jdbc;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.contract.ConnectionWatch;
import io.dbscope.testkit.contract.PostgresQueries;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The generic engine on a real PostgreSQL, reached through pgjdbc as "any driver" on the class
 * path, for the contracts of the test kit. The engine has no built-in collector and does not know
 * the server's session views, so the contracts that need those are not run for it.
 */
final class JdbcOnPostgres implements SqlEngineUnderTest {
  private final PostgresFixture pg = PostgresFixture.builder().start();
  private final JdbcEngine engine = new JdbcEngine();

  PostgresFixture fixture() {
    return pg;
  }

  @Override
  public JdbcEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "any";
  }

  @Override
  public DatasourceBuilder datasource(String name) {
    return DatasourceConfig.builder(name, "jdbc")
        .url(URI.create(pg.jdbcUrl("postgres")))
        .user(pg.user())
        .registerDatabaseMetrics(false);
  }

  @Override
  public String builtInCollector() {
    throw new UnsupportedOperationException("the generic JDBC engine has no built-in collector");
  }

  @Override
  public String failingQuery() {
    return "SELECT count(*) AS n FROM no_such_table";
  }

  @Override
  public Connection connect() throws SQLException {
    return pg.connect();
  }

  @Override
  public List<String> prepare() {
    return List.of();
  }

  @Override
  public String table(String name) {
    return name;
  }

  @Override
  public String series(int count) {
    return PostgresQueries.series(count);
  }

  @Override
  public String sleep(int seconds) {
    return PostgresQueries.sleep(seconds);
  }

  @Override
  public long running(String text) throws SQLException {
    try (Connection c = connect()) {
      return PostgresQueries.running(c, text);
    }
  }

  @Override
  public ConnectionWatch watchConnections() {
    throw new UnsupportedOperationException("no contract of this test watches connections");
  }

  @Override
  public void close() {
    pg.close();
  }
}
