package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.engine.mysql.MariaDbUnderTest;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FaultProxy;
import io.dbscope.testkit.contract.CleanSessionContract;
import io.dbscope.testkit.contract.ConnectionWatch;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CleanSessionContract} on MariaDB: the view's stored function takes a named lock ({@code
 * GET_LOCK}), sets a user variable and changes session variables. Another session sees no lock
 * ({@code IS_USED_LOCK}, {@code performance_schema.metadata_locks}), and dbscope's next guarded
 * query sees neither the variable nor the changed settings, but the session settings of a fresh
 * connection (character set, SQL mode, time zone).
 */
class MariaDbCleanSessionTest extends CleanSessionContract {
  /** The session settings that make a result mean the same on every connection. */
  private static final String SETTINGS =
      "CONCAT_WS('/', @@session.character_set_client, @@session.character_set_connection,"
          + " @@session.character_set_results, @@session.collation_connection,"
          + " @@session.sql_mode, @@session.time_zone, DATABASE())";

  private MariaDbUnderTest db;

  @Override
  protected SqlEngineUnderTest start() {
    return db = MariaDbUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    return List.of(
        "SET GLOBAL log_bin_trust_function_creators = 1",
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

  /**
   * In database {@code mysql}, as {@link #connect()}: {@code DATABASE()} is a probed setting. One
   * pooled connection, so that the server's connection counter can only move by a reconnect: with
   * more, a second connection the pool opens for the health check (at a moment that depends on the
   * machine's load) looked like one.
   */
  @Override
  protected DatasourceBuilder datasourceConfig() {
    return db.datasource().maxOpenConns(1).maxIdleConns(1).database("mysql");
  }

  @Override
  protected String leakQuery() {
    return "SELECT n FROM app.leak_view";
  }

  /** What a fresh connection sees is what dbscope's next guarded query must see. */
  @Override
  protected List<Probe> probes() throws SQLException {
    try (Connection fresh = connect()) {
      return List.of(
          new Probe("own_lock", "SELECT n FROM app.own_lock", 0, "the named lock"),
          new Probe("own_variable", "SELECT n FROM app.own_variable", 0, "the user variable"),
          new Probe(
              "own_wait_timeout",
              "SELECT n FROM app.own_wait_timeout",
              count(fresh, "SELECT @@global.wait_timeout"),
              "wait_timeout of a fresh connection"),
          new Probe(
              "own_settings",
              "SELECT n FROM app.own_settings",
              count(fresh, "SELECT app.own_settings()"),
              "character set, SQL mode and time zone of a fresh connection"));
    }
  }

  @Override
  protected void afterScrape(ExpositionText s, int scrape) throws SQLException {
    assertThat(count("SELECT IS_USED_LOCK('dbscope_leak') IS NOT NULL"))
        .as("the lock seen from another session after scrape %d", scrape)
        .isZero();
    assertThat(
            count(
                "SELECT COUNT(*) FROM performance_schema.metadata_locks"
                    + " WHERE OBJECT_TYPE = 'USER LEVEL LOCK'"))
        .isZero();
  }

  /**
   * Each check of {@link #afterScrape} and each count of this watch is a connection of its own:
   * three per scrape, none of dbscope's (from the second scrape on, when its pool is full).
   */
  @Override
  protected ConnectionWatch watchConnections() {
    List<Long> connections = new ArrayList<>();
    return new ConnectionWatch() {
      @Override
      public void afterScrape() throws SQLException {
        connections.add(db.connections());
      }

      @Override
      public void assertKept() {
        assertThat(connections.getLast() - connections.get(1))
            .as("dbscope keeps its connections: a reset is not a reconnect")
            .isEqualTo(3L * (connections.size() - 2));
      }
    };
  }

  /**
   * The driver's reset sets the connection's network timeout back to the driver's default (none);
   * dbscope's backstop, which ends a query on a server that stopped answering, must survive it.
   */
  @Test
  void aQueryAfterAResetStillEndsWhenTheServerStopsAnswering() throws Exception {
    Path f = write("one.toml", metric("one", "SELECT 1 AS n"));
    CustomMetric m = new CustomMetricsLoader(false).load(f, engine()).metrics().getFirst();
    try (FaultProxy proxy = FaultProxy.to(db.fixture().host(), db.fixture().port())) {
      DatasourceConfig cfg =
          DatasourceConfig.builder("maria", "mysql")
              .host("127.0.0.1")
              .port(proxy.port())
              .user(db.fixture().user())
              .connectTimeout(Duration.ofSeconds(1))
              .build();
      try (Target t = engine().open(cfg, resources());
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
}
