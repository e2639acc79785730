package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.Scraped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's reading of MySQL syntax against a real MariaDB, connected as root with database
 * {@code app} selected: a comparison with a system variable is a read and runs; a call that MariaDB
 * resolves to a stored function rather than the built-in of the same name ({@code `count`(…)}
 * quoted, or {@code count (…)} with a space when {@code sql_mode} lacks {@code IGNORE_SPACE}) or to
 * a function that is no built-in at all is refused at load, so that the stored function, which
 * takes a named lock, never runs.
 */
class MariaDbGuardTest {
  @TempDir static Path dir;

  private static MariaDbFixture db;
  private static EngineResources resources;
  private static MysqlEngine engine;

  @BeforeAll
  static void start() throws SQLException {
    db = MariaDbFixture.builder().start();
    resources = EngineResources.create();
    engine = new MysqlEngine();
    sql(
        "SET GLOBAL log_bin_trust_function_creators = 1",
        "CREATE DATABASE app",
        "CREATE TABLE app.queue (name VARCHAR(20), depth INT)",
        "INSERT INTO app.queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
        // Same name as the built-in COUNT: MariaDB calls it for "count (x)" and "`count`(x)".
        "CREATE FUNCTION app.`count`(x INT) RETURNS INT RETURN GET_LOCK('canary', 0)",
        "CREATE FUNCTION app.canary_lock() RETURNS INT RETURN GET_LOCK('canary', 0)");
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

  @Test
  void aComparisonWithASystemVariableIsAReadAndRuns() throws Exception {
    Path f =
        write(
            "vars.toml",
            metric("writable", "SELECT 1 AS n FROM app.queue WHERE @@global.read_only = 0 LIMIT 1")
                + metric("flag", "SELECT @@global.read_only = 0 AS n")
                + metric("session", "SELECT COUNT(*) AS n FROM app.queue WHERE @@read_only <> 1"));

    try (MonitoredDatasource ds = datasource(cfg(List.of(f)))) {
      assertThat(ds.custom().problems()).isEmpty();

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(s.value("writable_n", "datasource", "maria")).isEqualTo(1);
      assertThat(s.value("flag_n", "datasource", "maria")).isEqualTo(1);
      assertThat(s.value("session_n", "datasource", "maria")).isEqualTo(3);
    }
  }

  @Test
  void callsThatReachAStoredFunctionAreRefusedAndNeverRun() throws Exception {
    Map<String, String> hostile = new LinkedHashMap<>();
    hostile.put("SELECT count (1) AS n FROM app.queue", "count (");
    hostile.put("SELECT count/**/(1) AS n FROM app.queue", "count (");
    hostile.put("SELECT `count`(1) AS n FROM app.queue", "`count`");
    hostile.put("SELECT canary_lock() AS n", "function canary_lock is not an allowed function");
    hostile.put("SELECT app.canary_lock() AS n", "function app.canary_lock is not an allowed");
    List<Path> files = new ArrayList<>();
    int i = 0;
    for (String sql : hostile.keySet()) {
      files.add(write("stored-" + i + ".toml", metric("stored_" + i, sql)));
      i++;
    }
    Path good = write("good.toml", metric("good", "SELECT count(1) AS n FROM app.queue"));
    files.add(good);

    try (MonitoredDatasource ds = datasource(cfg(files))) {
      List<FileStatus> status = ds.custom().files();
      List<String> reasons = new ArrayList<>(hostile.values());
      for (int k = 0; k < reasons.size(); k++) {
        assertThat(status.get(k).metrics()).as(files.get(k).toString()).isEmpty();
        assertThat(status.get(k).refused()).as(files.get(k).toString()).hasSize(1);
        assertThat(status.get(k).problems())
            .singleElement()
            .asString()
            .contains(": refused: ")
            .contains(reasons.get(k));
      }

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(s.value("good_n", "datasource", "maria")).as("the built-in COUNT").isEqualTo(3);
      assertThat(lockHolder()).as("the named lock the stored functions take").isNull();
    }

    // The canary is not blind: with database app selected, the quoted call reaches the stored
    // function, which takes the lock; so does the spaced one once sql_mode lacks IGNORE_SPACE
    // (the driver adds it, a URL's sessionVariables may take it away).
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("app"), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute("SELECT `count`(1) FROM app.queue");
      assertThat(lockHolder()).isNotNull();
      st.execute("SELECT RELEASE_LOCK('canary')");
      st.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
      st.execute("SELECT count (1) FROM app.queue");
      assertThat(lockHolder()).isNotNull();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  static String metric(String context, String sql) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\n"
        + "metricsdesc = { n = \"N.\" }\n\n";
  }

  static Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static DatasourceConfig cfg(List<Path> files) {
    return DatasourceConfig.builder("maria", "mysql")
        .engineAlias("mariadb")
        .host(db.host())
        .port(db.port())
        .user(db.user())
        .database("app")
        .queryTimeout(Duration.ofSeconds(5))
        .registerDatabaseMetrics(false)
        .customMetricsFiles(files)
        .build();
  }

  static MonitoredDatasource datasource(DatasourceConfig cfg) {
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  /** The connection holding the named lock {@code canary}, or null. */
  static Object lockHolder() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT IS_USED_LOCK('canary')")) {
      rs.next();
      return rs.getObject(1);
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
