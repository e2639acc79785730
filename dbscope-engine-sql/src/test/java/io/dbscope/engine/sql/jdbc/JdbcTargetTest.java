package io.dbscope.engine.sql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ConnectionsInUse;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import io.dbscope.testkit.FaultProxy;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC target (a HikariCP pool made on first use) against a real PostgreSQL, through a dialect
 * of this test's own that names its sessions: the pool never holds more than {@code maxOpenConns}
 * connections, a connect to a port where nothing listens or nothing answers fails within the
 * connect timeout with a failure that classifies, closing releases every connection on the server,
 * and a connection that broke under a session is evicted so that the next session gets a new one.
 */
class JdbcTargetTest {
  private static final String APP = "dbscope_jdbc_target_test";
  private static final ErrorSigns SIGNS = JdbcErrorSigns.with(List.of(), List.of(), List.of());
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static PostgresFixture pg;
  private static EngineResources resources;

  /** PostgreSQL's URL and application name; nothing else, so that the pool is what is tested. */
  private static final JdbcDialect DIALECT =
      new JdbcDialect() {
        @Override
        public String jdbcUrl(DatasourceConfig config) {
          return "jdbc:postgresql://" + config.host() + ":" + config.port() + "/postgres";
        }

        @Override
        public Properties driverProperties(DatasourceConfig config) {
          Properties p = new Properties();
          p.setProperty("ApplicationName", APP);
          p.setProperty("connectTimeout", "" + Math.max(1, config.connectTimeout().toSeconds()));
          return p;
        }

        @Override
        public ServerFacts facts(Connection connection, Duration timeout) {
          return ServerFacts.unknown();
        }

        @Override
        public void resetSession(Connection c, Optional<String> settings, Duration timeout)
            throws SQLException {
          try (Statement st = c.createStatement()) {
            st.execute("DISCARD ALL");
          }
        }
      };

  @BeforeAll
  static void start() {
    pg = PostgresFixture.builder().start();
    resources = EngineResources.create();
  }

  @AfterAll
  static void stop() {
    if (resources != null) {
      resources.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static DatasourceBuilder config(int port) {
    return DatasourceConfig.builder("jdbc", "postgres")
        .host("127.0.0.1")
        .port(port)
        .user(pg.user())
        .connectTimeout(Duration.ofSeconds(1));
  }

  private static JdbcTarget target(DatasourceConfig cfg) {
    return new JdbcTarget(cfg, DIALECT, resources.scheduler(), resources.threads());
  }

  @Test
  void thePoolNeverHoldsMoreThanMaxOpenConns() throws Exception {
    try (JdbcTarget t = target(config(pg.port()).maxOpenConns(2).maxIdleConns(2).build())) {
      assertThat(t.connectionsHeld()).as("nothing before the first use").isZero();
      List<Session> held = new ArrayList<>();
      try {
        held.add(t.open(TIMEOUT));
        held.add(t.open(TIMEOUT));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> t.open(TIMEOUT))
            .as("a third session while two are held: our own connections, not the database's fault")
            .isInstanceOf(ConnectionsInUse.class)
            .hasMessageContaining("all 2 connections to 127.0.0.1:" + pg.port() + " are in use")
            .hasCauseInstanceOf(SQLException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .as("waited for the connect timeout, no longer")
            .isLessThan(Duration.ofSeconds(3));
        assertThat(t.connectionsHeld()).isEqualTo(2);
        assertThat(awaitBackends(2)).isEqualTo(2);

        held.removeFirst().close();
        try (Session again = t.open(TIMEOUT)) {
          assertThat(again.run("SELECT 1 AS one", TIMEOUT).rows()).hasSize(1);
        }
        assertThat(awaitBackends(2)).as("the returned connection was reused").isEqualTo(2);
      } finally {
        held.forEach(Session::close);
      }
    }
  }

  @Test
  void aConnectWhereNothingListensFailsAtOnceAsRefused() {
    try (JdbcTarget t = target(config(FreePort.find()).build())) {
      long t0 = System.nanoTime();
      Throwable e = catchFailure(() -> t.open(TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      assertThat(e).isInstanceOf(SQLException.class);
      assertThat(((SQLException) e).getSQLState()).isEqualTo("08001");
      assertThat(ErrorKind.of(e, SIGNS)).isEqualTo(ErrorKind.REFUSED);
      assertThat(t.connectionsHeld()).isZero();
    }
  }

  @Test
  void aConnectWhereNothingAnswersFailsAtTheConnectTimeout() throws Exception {
    try (FaultProxy proxy = FaultProxy.to("127.0.0.1", pg.port());
        JdbcTarget t = target(config(proxy.port()).build())) {
      proxy.mode(FaultProxy.Mode.BLACK_HOLE);
      long t0 = System.nanoTime();
      Throwable e = catchFailure(() -> t.open(TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("connectTimeout is 1 s").isLessThan(Duration.ofSeconds(4));
      assertThat(e).isInstanceOf(SQLException.class);
      assertThat(ErrorKind.of(e, SIGNS)).as("%s", e).isEqualTo(ErrorKind.TIMEOUT);
    }
  }

  /**
   * A wait shorter than {@code connectTimeout}, as a scrape's that its deadline cut, ends when it
   * runs out: with every connection in use, and with a server that does not answer.
   */
  @Test
  void aWaitShorterThanTheConnectTimeoutEndsWhenItRunsOut() throws Exception {
    Duration cut = Duration.ofMillis(300);
    try (JdbcTarget t =
            target(
                config(pg.port())
                    .connectTimeout(Duration.ofSeconds(4))
                    .maxOpenConns(1)
                    .maxIdleConns(1)
                    .build());
        Session held = t.open(TIMEOUT)) {
      assertThat(held.isOpen()).isTrue();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> t.open(cut)).isInstanceOf(ConnectionsInUse.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .as("the 300 ms given, not the 4 s connectTimeout")
          .isLessThan(Duration.ofMillis(2500));
    }
    // Closing the pool waits for its own attempt to connect, which ends at the connectTimeout.
    try (FaultProxy proxy = FaultProxy.to("127.0.0.1", pg.port());
        JdbcTarget t = target(config(proxy.port()).connectTimeout(Duration.ofSeconds(4)).build())) {
      proxy.mode(FaultProxy.Mode.BLACK_HOLE);
      long t0 = System.nanoTime();
      Throwable e = catchFailure(() -> t.open(cut));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
      assertThat(ErrorKind.of(e, SIGNS)).as("%s", e).isEqualTo(ErrorKind.TIMEOUT);
    }
  }

  /**
   * The socket's read backstop follows each statement's timeout, not the connect timeout the
   * connection was borrowed under: a statement slower than connectTimeout but inside its own
   * timeout runs to the end (it failed with "Read timed out" after connectTimeout + 1 s).
   */
  @Test
  void aStatementSlowerThanTheConnectTimeoutRunsToItsOwnTimeout() throws Exception {
    try (JdbcTarget t = target(config(pg.port()).build());
        Session s = t.open(Duration.ofSeconds(1))) {
      long t0 = System.nanoTime();
      ResultRows rows = s.run("SELECT 1 AS n FROM pg_sleep(2.5)", Duration.ofSeconds(10));

      assertThat(rows.rows()).hasSize(1);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void closingReleasesEveryConnectionOnTheServer() throws Exception {
    JdbcTarget t = target(config(pg.port()).maxOpenConns(3).maxIdleConns(3).build());
    try (Session a = t.open(TIMEOUT);
        Session b = t.open(TIMEOUT)) {
      a.ping(TIMEOUT);
      b.ping(TIMEOUT);
    }
    assertThat(awaitBackends(2)).isGreaterThanOrEqualTo(2);
    t.close();

    assertThat(awaitBackends(0)).as("backends of the closed pool").isZero();
    assertThat(t.connectionsHeld()).isZero();
    assertThatThrownBy(() -> t.open(TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aConnectionThatBrokeIsEvictedAndTheNextSessionGetsANewOne() throws Exception {
    try (FaultProxy proxy = FaultProxy.to("127.0.0.1", pg.port());
        JdbcTarget t = target(config(proxy.port()).maxOpenConns(1).maxIdleConns(1).build())) {
      long firstPid;
      try (Session s = t.open(TIMEOUT)) {
        firstPid = pid(s);
        proxy.mode(FaultProxy.Mode.RESET);
        Throwable e = catchFailure(() -> s.run("SELECT 1 AS one", TIMEOUT));
        assertThat(ErrorKind.connectionLost(e, SIGNS)).as("%s", e).isTrue();
        assertThat(s.isOpen()).as("the session knows its connection is gone").isFalse();
      }
      proxy.mode(FaultProxy.Mode.PASS);

      try (Session s = t.open(TIMEOUT)) {
        assertThat(pid(s)).as("a new backend, not the broken one").isNotEqualTo(firstPid);
      }
      assertThat(t.connectionsHeld()).isEqualTo(1);
    }
  }

  private static long pid(Session s) throws Exception {
    Object pid = s.run("SELECT pg_backend_pid() AS pid", TIMEOUT).rows().getFirst()[0];
    return Long.parseLong(String.valueOf(pid));
  }

  /** The backends of this test's pools (its application name), asked on a connection of its own. */
  private static long backends() throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + APP + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Backends exit shortly after their client closed the connection: waits up to 5 s. */
  private static long awaitBackends(long expected) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long n = backends();
    while (n != expected && System.nanoTime() < end) {
      Thread.sleep(20);
      n = backends();
    }
    return n;
  }

  @FunctionalInterface
  private interface Failing {
    void run() throws Exception;
  }

  private static Throwable catchFailure(Failing f) {
    try {
      f.run();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
