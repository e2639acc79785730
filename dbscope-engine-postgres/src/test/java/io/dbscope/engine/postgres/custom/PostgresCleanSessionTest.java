package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Scraped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session state that a guarded query leaves behind although its transaction is rolled back: a
 * view (which the SQL guard cannot look into) calls a function that takes session advisory locks,
 * prepares a statement and opens a dblink connection. After every guarded query dbscope returns
 * the pooled connection to a clean session: another session sees no lock and no dblink backend,
 * dbscope's next guarded query sees none of it and still has dbscope's own settings, and the
 * built-ins keep working on the same connection with the statements pgjdbc prepared for them on
 * the server (which {@code DISCARD ALL} would drop, making every scrape parse and plan them again).
 */
class PostgresCleanSessionTest {
  @TempDir static Path dir;

  private static PostgresFixture pg;
  private static EngineResources resources;
  private static PostgresEngine engine;

  @BeforeAll
  static void start() throws SQLException {
    pg = PostgresFixture.builder().start();
    resources = EngineResources.create();
    engine = new PostgresEngine();
    sql(
        "CREATE EXTENSION dblink",
        """
        CREATE FUNCTION leak() RETURNS int LANGUAGE plpgsql AS $f$
        BEGIN
          PERFORM pg_advisory_lock(4711);
          PERFORM pg_advisory_lock_shared(4712);
          PERFORM set_config('dbscope_test.leak', 'on', false);
          EXECUTE 'PREPARE leaked AS SELECT 1';
          PERFORM dblink_connect('leaked',
              'host=127.0.0.1 port=%d dbname=postgres user=postgres application_name=dbscope_leak');
          RETURN 1;
        END $f$"""
            .formatted(pg.port()),
        "CREATE VIEW leak_view AS SELECT leak() AS n",
        "CREATE VIEW own_locks AS SELECT count(*) AS n FROM pg_locks"
            + " WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
        "CREATE VIEW own_prepared AS SELECT count(*) AS n FROM pg_prepared_statements"
            + " WHERE name = 'leaked'",
        "CREATE VIEW own_dblinks AS"
            + " SELECT coalesce(array_length(dblink_get_connections(), 1), 0) AS n",
        "CREATE VIEW own_setting AS"
            + " SELECT (coalesce(current_setting('dbscope_test.leak', true), '') <> '')::int AS n",
        "CREATE VIEW own_settings_kept AS SELECT (current_setting('application_name') = 'dbscope'"
            + " AND current_setting('jit') = 'off')::int AS n");
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

  @Test
  void nothingAGuardedQueryLeavesInItsSessionSurvivesIt() throws Exception {
    List<String> views =
        List.of("own_locks", "own_prepared", "own_dblinks", "own_setting", "own_settings_kept");
    StringBuilder file = new StringBuilder(metric("leak", "SELECT n FROM leak_view"));
    for (String v : views) {
      file.append(metric(v, "SELECT n FROM " + v));
    }
    file.append(
        metric(
            "driver_prepared",
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE NOT from_sql"));
    Path f = Files.writeString(dir.resolve("leak.toml"), file.toString());
    DatasourceConfig cfg =
        DatasourceConfig.builder("pg", "postgres")
            .host(pg.host())
            .port(pg.port())
            .user(pg.user())
            .customMetricsFiles(List.of(f))
            .build();
    List<Set<Integer>> backends = new ArrayList<>();

    try (MonitoredDatasource ds = datasource(cfg)) {
      // pgjdbc prepares a statement on the server from its fifth run on a connection: seven
      // scrapes run the built-ins' statements through a session reset after they were prepared.
      for (int scrape = 1; scrape <= 7; scrape++) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "pg", "custom:leak")).as("scrape %d", scrape).isEqualTo(1);
        assertThat(s.value("leak_n")).isEqualTo(1);
        for (String v : views) {
          assertThat(Scraped.success(s, "pg", "custom:" + v))
              .as("%s, scrape %d", v, scrape)
              .isEqualTo(1);
        }
        assertThat(s.value("own_locks_n")).as("advisory locks of the session").isZero();
        assertThat(s.value("own_prepared_n")).as("statements prepared by the view").isZero();
        assertThat(s.value("own_dblinks_n")).as("dblink connections").isZero();
        assertThat(s.value("own_setting_n")).as("the view's setting").isZero();
        assertThat(s.value("own_settings_kept_n"))
            .as("application_name and jit as dbscope sets them")
            .isEqualTo(1);
        assertThat(Scraped.success(s, "pg", "pg_stat_database"))
            .as("built-ins after session resets, scrape %d", scrape)
            .isEqualTo(1);
        if (scrape == 7) {
          assertThat(s.value("driver_prepared_n"))
              .as("what pgjdbc prepared on the server for the built-ins is kept")
              .isPositive();
        }
        assertThat(count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
            .as("advisory locks seen from another session after scrape %d", scrape)
            .isZero();
        assertThat(dblinkBackendsGone()).as("the view's dblink backend has exited").isTrue();
        backends.add(backends());
      }
    }
    assertKept(backends);
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

  /**
   * The connections dbscope held after each scrape were kept, not replaced: the first ones stay,
   * and there are never more than the pool holds ({@code maxOpenConns}, 3; it adds an idle one
   * whenever the one in use was the last).
   */
  static void assertKept(List<Set<Integer>> backends) {
    Set<Integer> all = new TreeSet<>();
    backends.forEach(all::addAll);
    assertThat(backends)
        .as("dbscope's connections after each scrape")
        .allSatisfy(b -> assertThat(b).containsAll(backends.getFirst()));
    assertThat(all).as("dbscope's connections over all scrapes").hasSizeLessThanOrEqualTo(3);
  }

  /** Backend pids of dbscope's own sessions. */
  static Set<Integer> backends() throws SQLException {
    Set<Integer> pids = new TreeSet<>();
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'dbscope'")) {
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
    }
    return pids;
  }

  /** A backend exits shortly after its client closed the connection: wait for that. */
  static boolean dblinkBackendsGone() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbscope_leak'")
        > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  static void sql(String... statements) throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  static long count(String sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
