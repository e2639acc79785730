package io.dbscope.engine.postgres.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statement analytics against a real PostgreSQL 18 with pg_stat_statements preloaded: known
 * workloads give exactly the calls and deltas executed, a reset never makes an exported counter go
 * down, and 10,000 fingerprints stay within the series bound with exact totals.
 */
class PgStatementsTest {
  private static PostgresFixture pg;
  private static EngineResources resources;
  private static Connection sql;
  private final Pg.TestClock clock = new Pg.TestClock();

  @BeforeAll
  static void start() throws SQLException {
    pg =
        PostgresFixture.builder()
            .statStatements()
            .setting("pg_stat_statements.max", "20000")
            .start();
    resources = EngineResources.create();
    sql = pg.connect();
    try (Statement st = sql.createStatement()) {
      st.execute("CREATE EXTENSION pg_stat_statements");
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    if (sql != null) {
      sql.close();
    }
    if (resources != null) {
      resources.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private MonitoredDatasource datasource() {
    return Pg.datasource(pg, resources, Pg.settings().build(), EventSink.DISCARD, clock);
  }

  private static void execute(String statement) throws SQLException {
    try (Statement st = sql.createStatement()) {
      st.execute(statement);
    }
  }

  private static void selects(String table, int n) throws SQLException {
    try (PreparedStatement ps = sql.prepareStatement("SELECT v FROM " + table + " WHERE id = ?")) {
      for (int i = 1; i <= n; i++) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
        }
      }
    }
  }

  private static StatementSource source(MonitoredDatasource md) {
    return md.statefulCollectors().stream()
        .filter(StatementSource.class::isInstance)
        .map(StatementSource.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void callsAndDeltasMatchTheWorkload() throws Exception {
    execute("CREATE TABLE known (id int PRIMARY KEY, v text)");
    try (MonitoredDatasource md = datasource()) {
      ExpositionText before = Pg.scrape(md);
      assertThat(before.value("pg_stat_statements_available")).isEqualTo(1);
      try (PreparedStatement ins = sql.prepareStatement("INSERT INTO known VALUES (?, ?)")) {
        for (int i = 1; i <= 40; i++) {
          ins.setInt(1, i);
          ins.setString(2, "v" + i);
          ins.executeUpdate();
        }
      }
      selects("known", 37);
      try (PreparedStatement up = sql.prepareStatement("UPDATE known SET v = ? WHERE id = ?")) {
        for (int i = 1; i <= 5; i++) {
          up.setString(1, "u");
          up.setInt(2, i);
          up.executeUpdate();
        }
      }
      ExpositionText after = Pg.scrape(md);
      Files.writeString(Path.of("target", "analytics-pg18.txt"), after.text());
      String select = Pg.queryid(sql, "SELECT v FROM known WHERE id = %");
      String insert = Pg.queryid(sql, "INSERT INTO known VALUES %");
      String update = Pg.queryid(sql, "UPDATE known SET v = %");

      assertThat(
              after.value(
                  "pg_query_calls_total",
                  "queryid",
                  select,
                  "database",
                  "postgres",
                  "user",
                  "postgres"))
          .isEqualTo(37);
      assertThat(after.value("pg_query_rows_total", "queryid", select)).isEqualTo(37);
      assertThat(after.value("pg_query_calls_total", "queryid", insert)).isEqualTo(40);
      assertThat(after.value("pg_query_calls_total", "queryid", update)).isEqualTo(5);
      assertThat(after.value("pg_query_exec_time_seconds_total", "queryid", select)).isPositive();
      assertThat(after.value("pg_query_max_exec_time_seconds", "queryid", select))
          .isGreaterThanOrEqualTo(after.value("pg_query_min_exec_time_seconds", "queryid", select));
      assertThat(after.value("pg_query_hit_ratio", "queryid", select)).isBetween(0.0, 1.0);
      // every write of the interval was ours: 40 inserts and 5 updates
      assertThat(
              after.value("pg_statements_total", "kind", "write")
                  - before.value("pg_statements_total", "kind", "write"))
          .isEqualTo(45);
      assertThat(
              after.value("pg_statements_total", "kind", "read")
                  - before.value("pg_statements_total", "kind", "read"))
          .isGreaterThanOrEqualTo(37);
      assertThat(after.types())
          .containsEntry("pg_query_calls_total", "counter")
          .containsEntry("pg_statements_total", "counter")
          .containsEntry("pg_query_mean_exec_time_seconds", "gauge")
          .containsEntry("pg_query_tracked_fingerprints", "gauge");
      assertThat(after.value("dbscope_collector_success", "collector", "pg_stat_statements"))
          .isEqualTo(1);

      selects("known", 3);
      Pg.scrape(md);
      StatementView view =
          source(md).statements("calls", 1000).stream()
              .filter(v -> v.fingerprint().equals(select))
              .findFirst()
              .orElseThrow();
      assertThat(view.kind()).isEqualTo("read");
      assertThat(view.text()).startsWith("SELECT v FROM known WHERE id = $1");
      // The id dbscope-jdbc gives the statement the application ran (its text with ?).
      assertThat(view.textFingerprint())
          .isEqualTo(
              io.dbscope.sql.SqlFingerprint.id(
                  "SELECT v FROM known WHERE id = ?", io.dbscope.sql.SqlDialect.POSTGRES));
      assertThat(view.statistics()).containsEntry("calls", 40.0);
      assertThat(view.lastInterval()).containsEntry("calls", 3.0);
      assertThat(view.sinceTrackingStarted()).containsEntry("calls", 40.0);
    }
  }

  @Test
  void aResetBetweenScrapesNeverMakesACounterGoDown() throws Exception {
    execute("CREATE TABLE resets (id int PRIMARY KEY, v text)");
    execute("INSERT INTO resets SELECT i, 'x' FROM generate_series(1, 10) i");
    try (MonitoredDatasource md = datasource()) {
      Pg.scrape(md); // the baseline
      selects("resets", 10);
      ExpositionText before = Pg.scrape(md);
      String select = Pg.queryid(sql, "SELECT v FROM resets WHERE id = %");
      assertThat(before.value("pg_query_calls_total", "queryid", select)).isEqualTo(10);

      execute("SELECT pg_stat_statements_reset()");
      selects("resets", 4);
      ExpositionText after = Pg.scrape(md);

      // pg_stat_statements_info.stats_reset tells the reset apart: the 4 new calls count exactly
      assertThat(after.value("pg_query_calls_total", "queryid", select)).isEqualTo(14);
      assertThat(after.value("pg_query_resets_total", "reason", "stats_reset")).isEqualTo(1);
      Map<String, Double> was = new HashMap<>();
      for (ExpositionText.Sample s : before.samples()) {
        if ("counter".equals(before.types().get(s.name()))) {
          was.put(s.name() + s.labels(), s.value());
        }
      }
      for (ExpositionText.Sample s : after.samples()) {
        Double old = was.get(s.name() + s.labels());
        if (old != null && s.name().startsWith("pg_")) {
          assertThat(s.value()).as(s.name() + s.labels()).isGreaterThanOrEqualTo(old);
        }
      }
    }
  }

  @Test
  void tenThousandFingerprintsStayWithinTheBoundAndOtherCarriesTheRest() throws Exception {
    StringBuilder cols = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      cols.append(i == 0 ? "" : ", ").append("c").append(i).append(" int DEFAULT ").append(i);
    }
    execute("CREATE TABLE wide (" + cols + ")");
    execute("INSERT INTO wide DEFAULT VALUES");
    execute("SELECT pg_stat_statements_reset()");
    MonitoredDatasource md =
        Pg.datasource(
            pg, resources, Pg.settings().maxTracked(20_000).build(), EventSink.DISCARD, clock);
    try (md) {
      String total = "SELECT sum(calls) FROM pg_stat_statements WHERE toplevel";
      double before1 = Pg.number(sql, total);
      Pg.scrape(md); // the baseline
      double after1 = Pg.number(sql, total);
      try (Statement st = sql.createStatement()) {
        for (int i = 0; i < 100; i++) {
          for (int j = 0; j < 100; j++) {
            try (ResultSet rs = st.executeQuery("SELECT c" + i + ", c" + j + " FROM wide")) {
              rs.next();
            }
          }
        }
      }
      double before2 = Pg.number(sql, total);
      ExpositionText e = Pg.scrape(md);
      double after2 = Pg.number(sql, total);

      List<ExpositionText.Sample> calls = e.samples("pg_query_calls_total");
      long fingerprints =
          calls.stream().filter(s -> !s.labels().get("queryid").equals("other")).count();
      assertThat(fingerprints)
          .isLessThanOrEqualTo(40)
          .isEqualTo((long) e.value("pg_query_exported_series"));
      assertThat(e.value("pg_query_tracked_fingerprints")).isGreaterThanOrEqualTo(10_000);
      assertThat(e.value("pg_query_dropped_series"))
          .isEqualTo(e.value("pg_query_tracked_fingerprints") - fingerprints);
      assertThat(e.value("pg_query_calls_total", "queryid", "other")).isGreaterThanOrEqualTo(9_900);
      // the sum over all exported series is exactly what the database counted between the two
      // collections, which lies between the totals read around them
      assertThat(e.sum("pg_query_calls_total")).isBetween(before2 - after1, after2 - before1);
      assertThat(e.samples("pg_query_max_exec_time_seconds")).hasSize((int) fingerprints);
      assertThat(source(md).statements("total_time", 5)).hasSize(5);
    }
  }

  @Test
  void betweenReadsTheLastValuesAreExportedAgain() throws Exception {
    execute("CREATE TABLE throttled (id int PRIMARY KEY, v text)");
    execute("INSERT INTO throttled SELECT i, 'x' FROM generate_series(1, 10) i");
    MonitoredDatasource md =
        Pg.datasource(
            pg,
            resources,
            Pg.settings().minInterval(Duration.ofSeconds(30)).build(),
            EventSink.DISCARD,
            clock);
    try (md) {
      Pg.scrape(md); // the baseline
      selects("throttled", 2);
      clock.advance(Duration.ofSeconds(30));
      ExpositionText first = Pg.scrape(md);
      String select = Pg.queryid(sql, "SELECT v FROM throttled WHERE id = %");
      selects("throttled", 3);
      clock.advance(Duration.ofSeconds(10));
      ExpositionText second = Pg.scrape(md);
      assertThat(second.value("pg_query_calls_total", "queryid", select))
          .isEqualTo(first.value("pg_query_calls_total", "queryid", select))
          .isEqualTo(2);
      clock.advance(Duration.ofSeconds(20));
      assertThat(Pg.scrape(md).value("pg_query_calls_total", "queryid", select)).isEqualTo(5);
    }
  }

  @Test
  void databaseScopeReadsOnlyTheConnectedDatabasesStatements() throws Exception {
    execute("CREATE DATABASE scoped");
    try (Connection other = DriverManager.getConnection(pg.jdbcUrl("scoped"), pg.user(), "")) {
      try (Statement st = other.createStatement()) {
        st.execute("CREATE EXTENSION pg_stat_statements");
        st.execute("CREATE TABLE only_in_scoped (id int)");
        st.execute("SELECT count(*) FROM only_in_scoped");
      }
      execute("CREATE TABLE only_in_postgres (id int)");
      execute("SELECT count(*) FROM only_in_postgres");
      AnalyticsSettings own = Pg.settings().ownDatabaseOnly(true).build();
      try (MonitoredDatasource cluster = datasource();
          MonitoredDatasource main =
              Pg.datasource(pg, resources, own, EventSink.DISCARD, clock, "main", "postgres");
          MonitoredDatasource scoped =
              Pg.datasource(pg, resources, own, EventSink.DISCARD, clock, "scoped", "scoped")) {
        Pg.scrape(cluster);
        Pg.scrape(main);
        Pg.scrape(scoped);
        assertThat(texts(cluster))
            .anyMatch(t -> t.contains("only_in_scoped"))
            .anyMatch(t -> t.contains("only_in_postgres"));
        assertThat(databases(main)).containsOnly("postgres");
        assertThat(texts(main)).anyMatch(t -> t.contains("only_in_postgres"));
        assertThat(databases(scoped)).containsOnly("scoped");
        assertThat(texts(scoped))
            .anyMatch(t -> t.contains("only_in_scoped"))
            .noneMatch(t -> t.contains("only_in_postgres"));
        assertThat(databases(cluster)).contains("postgres", "scoped");
      }
    }
  }

  private static List<String> texts(MonitoredDatasource md) {
    return source(md).statements("calls", 10_000).stream().map(StatementView::text).toList();
  }

  private static List<String> databases(MonitoredDatasource md) {
    return source(md).statements("calls", 10_000).stream()
        .map(StatementView::database)
        .distinct()
        .toList();
  }
}
