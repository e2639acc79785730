package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.Scraped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A custom query that fails fails alone, whatever its SQLSTATE and error code: the collectors
 * after it in the same scrape (custom and built-in) still give their samples, the datasource stays
 * up, and dbscope opens no new connection scrape after scrape ({@code Connections} does not grow
 * by dbscope's doing). Some of the errors are ones HikariCP takes for a broken connection out of
 * the box (SQLSTATE {@code 0A000}, error code 1105); the statement errors are provoked by the query
 * itself or raised with {@code SIGNAL} by a stored function behind a view. Connected as a
 * monitoring user with the usual rights.
 */
class MariaDbFailingQueryTest {
  @TempDir static Path dir;

  private static MariaDbFixture db;
  private static EngineResources resources;
  private static MysqlEngine engine;

  /** SQLSTATE and error code raised with SIGNAL, among them what HikariCP evicts for. */
  private static final Map<String, Integer> SIGNALLED =
      Map.of(
          "0A000", 1235, "HY000", 1105, "57P01", 1644, "JZ0C0", 1644, "40001", 1213, "45000", 1644);

  @BeforeAll
  static void start() throws SQLException {
    db = MariaDbFixture.builder().start();
    resources = EngineResources.create();
    engine = new MysqlEngine();
    List<String> setup =
        new ArrayList<>(
            List.of(
                "SET GLOBAL log_bin_trust_function_creators = 1",
                "CREATE USER 'monitor'@'127.0.0.1' IDENTIFIED BY ''",
                "GRANT PROCESS, REPLICATION CLIENT ON *.* TO 'monitor'@'127.0.0.1'",
                "CREATE DATABASE app",
                "CREATE TABLE app.queue (name VARCHAR(20), depth INT) ENGINE=InnoDB",
                "INSERT INTO app.queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
                "CREATE DATABASE vault",
                "CREATE TABLE vault.secret (a INT)",
                "CREATE FUNCTION app.sneaky() RETURNS INT MODIFIES SQL DATA"
                    + " BEGIN INSERT INTO app.queue VALUES ('x', 1); RETURN 1; END",
                "CREATE VIEW app.sneaky_view AS SELECT app.sneaky() AS n",
                "CREATE VIEW app.slow AS SELECT SLEEP(5) AS n",
                "CREATE FUNCTION app.raise_08s01() RETURNS INT BEGIN SIGNAL SQLSTATE '08S01'"
                    + " SET MESSAGE_TEXT = 'raised 08S01', MYSQL_ERRNO = 1152; RETURN 1; END",
                "CREATE VIEW app.raise_08s01 AS SELECT app.raise_08s01() AS n",
                "GRANT SELECT ON app.* TO 'monitor'@'127.0.0.1'",
                "GRANT SELECT ON performance_schema.* TO 'monitor'@'127.0.0.1'"));
    SIGNALLED.forEach(
        (state, errno) -> {
          String name = "app.raise_" + state.toLowerCase(Locale.ROOT);
          setup.add(
              "CREATE FUNCTION "
                  + name
                  + "() RETURNS INT BEGIN SIGNAL SQLSTATE '"
                  + state
                  + "' SET MESSAGE_TEXT = 'raised "
                  + state
                  + "', MYSQL_ERRNO = "
                  + errno
                  + "; RETURN 1; END");
          setup.add("CREATE VIEW " + name + " AS SELECT " + name + "() AS n");
        });
    sql(setup.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (resources != null) {
      resources.close();
    }
    if (db != null) {
      db.close();
    }
  }

  static Stream<Arguments> failingQueries() {
    List<Arguments> out =
        new ArrayList<>(
            List.of(
                Arguments.of("42S02", "SELECT COUNT(*) AS n FROM app.nope"),
                Arguments.of("42S22", "SELECT nope AS n FROM app.queue"),
                Arguments.of("21000", "SELECT (SELECT depth FROM app.queue) AS n"),
                Arguments.of("22003", "SELECT 9223372036854775807 + 1 AS n"),
                Arguments.of("42000", "SELECT COUNT(*) AS n FROM vault.secret"),
                Arguments.of("25006", "SELECT n FROM app.sneaky_view"),
                Arguments.of("70100", "SELECT n FROM app.slow")));
    SIGNALLED.keySet().stream()
        .sorted()
        .forEach(
            state ->
                out.add(
                    Arguments.of(
                        state, "SELECT n FROM app.raise_" + state.toLowerCase(Locale.ROOT))));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failingQueries")
  void aFailingQueryFailsAloneAndTheConnectionIsKept(String state, String sql) throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("q" + state + ".toml"),
            metric("bad", sql)
                + metric("depth", "SELECT SUM(depth) AS n FROM app.queue WHERE name <> 'x'")
                + metric(
                    "names", "SELECT COUNT(DISTINCT name) AS n FROM app.queue WHERE name <> 'x'"));
    List<Long> opened = new ArrayList<>();
    long before = connections();

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(f)) {
      for (int scrape = 1; scrape <= 5; scrape++) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "maria", "custom:bad")).as("scrape %d", scrape).isZero();
        assertThat(Scraped.success(s, "maria", "custom:depth"))
            .as("the next collector, scrape %d", scrape)
            .isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(Scraped.success(s, "maria", "custom:names")).isEqualTo(1);
        assertThat(s.value("names_n")).isEqualTo(3);
        assertThat(Scraped.success(s, "maria", "global_status")).isEqualTo(1);
        assertThat(s.value("mysql_up")).isEqualTo(1);
        assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
        opened.add(connections());
      }
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .singleElement()
          .asString()
          .startsWith("WARN [maria] collector custom:bad failed: " + f + ":1 (metric bad): ");
    }
    assertKept(before, opened);
  }

  /**
   * An error that says the connection broke (SQLSTATE class 08) makes the pool drop the connection;
   * the collectors after it run on a new one.
   */
  @Test
  void collectorsAfterAQueryThatLosesTheConnectionRunOnANewOne() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("lost.toml"),
            metric("broken", "SELECT n FROM app.raise_08s01")
                + metric("depth", "SELECT SUM(depth) AS n FROM app.queue WHERE name <> 'x'"));

    try (MonitoredDatasource ds = datasource(f)) {
      for (int scrape = 1; scrape <= 3; scrape++) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "maria", "custom:broken")).as("scrape %d", scrape).isZero();
        assertThat(Scraped.success(s, "maria", "custom:depth")).isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  static String metric(String context, String sql) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\nmetricsdesc = { n = \"N.\" }\n\n";
  }

  static MonitoredDatasource datasource(Path file) {
    DatasourceConfig cfg =
        DatasourceConfig.builder("maria", "mysql")
            .engineAlias("mariadb")
            .host(db.host())
            .port(db.port())
            .user("monitor")
            .queryTimeout(Duration.ofSeconds(1))
            .customMetricsFiles(List.of(file))
            .build();
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  /**
   * Over all scrapes dbscope opened no more connections than its pool holds ({@code maxOpenConns},
   * 3): the count query after each scrape opens one of its own. A connection replaced every
   * scrape would open one more each time.
   */
  static void assertKept(long before, List<Long> opened) {
    long byDbscope = opened.getLast() - before - opened.size();
    assertThat(byDbscope)
        .as("connections dbscope opened in %d scrapes", opened.size())
        .isLessThanOrEqualTo(3);
  }

  /** The server's {@code Connections} status: connection attempts since start. */
  static long connections() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'CONNECTIONS'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  static void sql(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
