package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FaultProxy;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session state that a guarded query leaves behind although its transaction is rolled back: a
 * view (which the SQL guard cannot look into) calls a stored function that takes a named lock
 * ({@code GET_LOCK}), sets a user variable and changes session variables. After every guarded
 * query dbscope returns the pooled connection to a clean session: another session sees no lock
 * ({@code IS_USED_LOCK}, {@code performance_schema.metadata_locks}), and dbscope's next guarded
 * query sees neither the variable nor the changed settings, but the session settings of a fresh
 * connection (character set, SQL mode, time zone).
 */
class MariaDbCleanSessionTest {
  @TempDir static Path dir;

  private static MariaDbFixture db;
  private static EngineResources resources;
  private static MysqlEngine engine;

  /** The session settings that make a result mean the same on every connection. */
  private static final String SETTINGS =
      "CONCAT_WS('/', @@session.character_set_client, @@session.character_set_connection,"
          + " @@session.character_set_results, @@session.collation_connection,"
          + " @@session.sql_mode, @@session.time_zone, DATABASE())";

  @BeforeAll
  static void start() throws SQLException {
    db = MariaDbFixture.builder().start();
    resources = EngineResources.create();
    engine = new MysqlEngine();
    sql(
        "SET GLOBAL log_bin_trust_function_creators = 1",
        "CREATE DATABASE app",
        "CREATE FUNCTION app.leak() RETURNS INT BEGIN"
            + " SET @dbscope_leak = 42;"
            + " SET SESSION wait_timeout = 77;"
            + " SET SESSION character_set_results = 'latin1';"
            + " SET SESSION time_zone = '+05:00';"
            + " RETURN GET_LOCK('dbscope_leak', 0); END",
        "CREATE VIEW app.leak_view AS SELECT app.leak() AS n",
        "CREATE FUNCTION app.own_lock() RETURNS INT"
            + " RETURN IS_USED_LOCK('dbscope_leak') IS NOT NULL",
        "CREATE FUNCTION app.own_variable() RETURNS INT RETURN COALESCE(@dbscope_leak, 0)",
        "CREATE FUNCTION app.own_wait_timeout() RETURNS INT RETURN @@session.wait_timeout",
        "CREATE FUNCTION app.own_settings() RETURNS BIGINT RETURN CRC32(" + SETTINGS + ")",
        "CREATE VIEW app.own_lock AS SELECT app.own_lock() AS n",
        "CREATE VIEW app.own_variable AS SELECT app.own_variable() AS n",
        "CREATE VIEW app.own_wait_timeout AS SELECT app.own_wait_timeout() AS n",
        "CREATE VIEW app.own_settings AS SELECT app.own_settings() AS n");
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
  void nothingAGuardedQueryLeavesInItsSessionSurvivesIt() throws Exception {
    List<String> views = List.of("own_lock", "own_variable", "own_wait_timeout", "own_settings");
    StringBuilder file = new StringBuilder(metric("leak", "SELECT n FROM app.leak_view"));
    for (String v : views) {
      file.append(metric(v, "SELECT n FROM app." + v));
    }
    Path f = Files.writeString(dir.resolve("leak.toml"), file.toString());
    DatasourceConfig cfg =
        DatasourceConfig.builder("maria", "mysql")
            .engineAlias("mariadb")
            .host(db.host())
            .port(db.port())
            .user(db.user())
            .database("mysql")
            .customMetricsFiles(List.of(f))
            .build();
    long freshSettings;
    long globalWaitTimeout;
    try (Connection fresh = connect()) {
      freshSettings = count(fresh, "SELECT app.own_settings()");
      globalWaitTimeout = count(fresh, "SELECT @@global.wait_timeout");
    }
    List<Long> connections = new ArrayList<>();

    try (MonitoredDatasource ds = datasource(cfg)) {
      for (int scrape = 1; scrape <= 4; scrape++) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "maria", "custom:leak")).as("scrape %d", scrape).isEqualTo(1);
        assertThat(s.value("leak_n")).as("the view took the lock").isEqualTo(1);
        for (String v : views) {
          assertThat(Scraped.success(s, "maria", "custom:" + v))
              .as("%s, scrape %d", v, scrape)
              .isEqualTo(1);
        }
        assertThat(s.value("own_lock_n")).as("the named lock").isZero();
        assertThat(s.value("own_variable_n")).as("the user variable").isZero();
        assertThat(s.value("own_wait_timeout_n")).isEqualTo(globalWaitTimeout);
        assertThat(s.value("own_settings_n"))
            .as("character set, SQL mode and time zone of a fresh connection")
            .isEqualTo(freshSettings);
        assertThat(Scraped.success(s, "maria", "global_status"))
            .as("built-ins after session resets")
            .isEqualTo(1);
        assertThat(count("SELECT IS_USED_LOCK('dbscope_leak') IS NOT NULL"))
            .as("the lock seen from another session after scrape %d", scrape)
            .isZero();
        assertThat(
                count(
                    "SELECT COUNT(*) FROM performance_schema.metadata_locks"
                        + " WHERE OBJECT_TYPE = 'USER LEVEL LOCK'"))
            .isZero();
        connections.add(count("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
            + " WHERE VARIABLE_NAME = 'CONNECTIONS'"));
      }
    }
    // Each count() above is a connection of its own: three per scrape, none of dbscope's.
    assertThat(connections.getLast() - connections.get(1))
        .as("dbscope keeps its connections: a reset is not a reconnect")
        .isEqualTo(3L * (connections.size() - 2));
  }

  /**
   * The driver's reset sets the connection's network timeout back to the driver's default (none);
   * dbscope's backstop, which ends a query on a server that stopped answering, must survive it.
   */
  @Test
  void aQueryAfterAResetStillEndsWhenTheServerStopsAnswering() throws Exception {
    Path f = Files.writeString(dir.resolve("one.toml"), metric("one", "SELECT 1 AS n"));
    CustomMetric m = new CustomMetricsLoader(false).load(f).metrics().getFirst();
    try (FaultProxy proxy = FaultProxy.to(db.host(), db.port())) {
      DatasourceConfig cfg =
          DatasourceConfig.builder("maria", "mysql")
              .host("127.0.0.1")
              .port(proxy.port())
              .user(db.user())
              .connectTimeout(Duration.ofSeconds(1))
              .build();
      try (Target t = engine.open(cfg, resources);
          Session s = t.open(Duration.ofSeconds(1))) {
        assertThat(s.query(m.definition(), Duration.ofSeconds(1)).rows()).hasSize(1);
        proxy.mode(FaultProxy.Mode.BLACK_HOLE);
        long t0 = System.nanoTime();
        try {
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  assertThatThrownBy(() -> s.run("SELECT 2", Duration.ofSeconds(1)))
                      .isInstanceOf(SQLException.class));
        } finally {
          // Without the backstop the read never ends: cut it, so that the session can close.
          proxy.mode(FaultProxy.Mode.RESET);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
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

  static MonitoredDatasource datasource(DatasourceConfig cfg) {
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
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

  static long count(String sql) throws SQLException {
    try (Connection c = connect()) {
      return count(c, sql);
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
