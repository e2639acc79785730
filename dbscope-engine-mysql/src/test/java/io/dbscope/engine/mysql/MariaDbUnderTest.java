package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.contract.ConnectionWatch;
import io.dbscope.testkit.contract.SqlContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * MariaDB (Debian's binaries, through {@link MariaDbFixture}) under the engine id {@code mysql}
 * with the alias {@code mariadb}, for the contracts of the test kit. Test tables live in database
 * {@code app}.
 */
public final class MariaDbUnderTest implements SqlEngineUnderTest {
  private final MariaDbFixture db;
  private final MysqlEngine engine = new MysqlEngine();

  public MariaDbUnderTest(MariaDbFixture db) {
    this.db = db;
  }

  public static MariaDbUnderTest start() {
    return new MariaDbUnderTest(MariaDbFixture.builder().start());
  }

  public MariaDbFixture fixture() {
    return db;
  }

  @Override
  public MysqlEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "maria";
  }

  @Override
  public DatasourceBuilder datasource(String name) {
    return DatasourceConfig.builder(name, "mysql")
        .engineAlias("mariadb")
        .host(db.host())
        .port(db.port())
        .user(db.user());
  }

  @Override
  public String builtInCollector() {
    return "global_status";
  }

  @Override
  public String failingQuery() {
    return "SELECT nope AS n FROM app.no_such_table";
  }

  /** As the admin, in database {@code mysql}. */
  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  @Override
  public List<String> prepare() {
    return List.of("CREATE DATABASE app");
  }

  @Override
  public String table(String name) {
    return "app." + name;
  }

  @Override
  public String series(int count) {
    return ("WITH RECURSIVE r(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM r WHERE g < %d)"
            + " SELECT CAST(g AS CHAR) AS id, g AS n FROM r")
        .formatted(count);
  }

  @Override
  public String sleep(int seconds) {
    return "SELECT SLEEP(%d) AS n".formatted(seconds);
  }

  @Override
  public long running(String text) throws SQLException {
    try (Connection c = connect()) {
      return SqlContract.count(
          c,
          "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
              + " AND INSTR(LOWER(INFO), '"
              + text
              + "') > 0");
    }
  }

  /**
   * Over all scrapes dbscope opened no more connections than its pool holds ({@code maxOpenConns},
   * 3): the server's {@code Connections} counter, asked on a connection of its own after each
   * scrape (one more each time). A connection replaced every scrape would open one more each time.
   */
  @Override
  public ConnectionWatch watchConnections() throws SQLException {
    long before = connections();
    List<Long> opened = new ArrayList<>();
    return new ConnectionWatch() {
      @Override
      public void afterScrape() throws SQLException {
        opened.add(connections());
      }

      @Override
      public void assertKept() {
        long byDbscope = opened.getLast() - before - opened.size();
        assertThat(byDbscope)
            .as("connections dbscope opened in %d scrapes", opened.size())
            .isLessThanOrEqualTo(3);
      }
    };
  }

  /** The server's {@code Connections} status: connection attempts since it started. */
  public long connections() throws SQLException {
    try (Connection c = connect()) {
      return SqlContract.count(
          c,
          "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
              + " WHERE VARIABLE_NAME = 'CONNECTIONS'");
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
