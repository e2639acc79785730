package io.dbscope.engine.postgres;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.contract.ConnectionWatch;
import io.dbscope.testkit.contract.PostgresQueries;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** PostgreSQL on a started {@link PostgresFixture}, for the contracts of the test kit. */
public final class PostgresUnderTest implements SqlEngineUnderTest {
  private final PostgresFixture pg;
  private final PostgresEngine engine = new PostgresEngine();

  public PostgresUnderTest(PostgresFixture pg) {
    this.pg = pg;
  }

  /** The newest supported major, as the test classpath brings it, with default settings. */
  public static PostgresUnderTest start() {
    return new PostgresUnderTest(PostgresFixture.builder().start());
  }

  public PostgresFixture fixture() {
    return pg;
  }

  @Override
  public PostgresEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "pg";
  }

  @Override
  public DatasourceBuilder datasource(String name) {
    return DatasourceConfig.builder(name, "postgres")
        .host(pg.host())
        .port(pg.port())
        .user(pg.user());
  }

  @Override
  public String builtInCollector() {
    return "pg_stat_database";
  }

  @Override
  public String failingQuery() {
    return "SELECT nope AS n FROM no_such_table";
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
    return new PostgresBackends(pg);
  }

  @Override
  public void close() {
    pg.close();
  }
}
