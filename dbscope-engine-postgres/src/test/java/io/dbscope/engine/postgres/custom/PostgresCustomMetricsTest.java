package io.dbscope.engine.postgres.custom;

import io.dbscope.core.config.EngineOptions;
import io.dbscope.engine.sql.guard.GuardOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomMetricRunner;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
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
 * Custom metrics against a real PostgreSQL, connected as the superuser (who may do anything), so
 * that every protection shown here is dbscope's: hostile statements are refused before they reach
 * the server, a write hidden in a function is refused by the read-only transaction, and truncation,
 * timeouts, NULLs, wrong types, duplicate label sets and the series limit each fail or limit one
 * collector only. Everything is asserted on the Prometheus text of {@link
 * MonitoredDatasource#collect}.
 */
class PostgresCustomMetricsTest {
  @TempDir static Path dir;

  private static PostgresFixture pg;
  private static EngineResources resources;
  private static PostgresEngine engine;

  @BeforeAll
  static void start() throws SQLException {
    pg = PostgresFixture.builder().statStatements().start();
    resources = EngineResources.create();
    engine = new PostgresEngine();
    sql(
        "CREATE EXTENSION pg_stat_statements",
        "CREATE TABLE canary (id int)",
        "INSERT INTO canary VALUES (1), (2), (3)",
        "CREATE SEQUENCE canary_seq",
        "CREATE FUNCTION canary_sneaky() RETURNS int LANGUAGE plpgsql VOLATILE"
            + " AS 'BEGIN INSERT INTO canary VALUES (99); RETURN 1; END'",
        "CREATE TABLE queue (name text, depth int)",
        "INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)");
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

  // ---- what would show that a hostile statement ran -------------------------------------------

  /** Everything a hostile statement of {@link #hostile()} would change. */
  record Canary(
      long rows,
      long sum,
      boolean copyTable,
      boolean newTable,
      long seqLast,
      boolean seqCalled,
      long advisoryLocks,
      long largeObjects,
      long pwnedSessions,
      String statsReset,
      boolean copyFile) {

    static Canary read() throws SQLException {
      try (Connection c = pg.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  """
                  SELECT (SELECT count(*) FROM canary), (SELECT coalesce(sum(id), 0) FROM canary),
                         to_regclass('canary_copy') IS NOT NULL, to_regclass('canary_new') IS NOT NULL,
                         (SELECT last_value FROM canary_seq), (SELECT is_called FROM canary_seq),
                         (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'),
                         (SELECT count(*) FROM pg_largeobject_metadata),
                         (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'canary_pwned'),
                         (SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database())
                  """)) {
        rs.next();
        return new Canary(
            rs.getLong(1),
            rs.getLong(2),
            rs.getBoolean(3),
            rs.getBoolean(4),
            rs.getLong(5),
            rs.getBoolean(6),
            rs.getLong(7),
            rs.getLong(8),
            rs.getLong(9),
            rs.getString(10),
            Files.exists(COPY_FILE));
      }
    }
  }

  private static final Path COPY_FILE =
      Path.of(
          System.getProperty("java.io.tmpdir"), "dbscope-canary-" + ProcessHandle.current().pid());

  /** Hostile statements, each with a part of the reason it is refused with. */
  static Map<String, String> hostile() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "WITH d AS (DELETE FROM canary RETURNING id) SELECT count(*) AS n FROM d",
        "DELETE inside the query");
    m.put(
        "WITH u AS (UPDATE canary SET id = id + 1 RETURNING id) SELECT count(*) AS n FROM u",
        "UPDATE inside the query");
    m.put("SELECT id AS n INTO canary_copy FROM canary", "SELECT … INTO writes");
    m.put("SELECT nextval('canary_seq') AS n", "function nextval advances or sets a sequence");
    m.put("SELECT setval('canary_seq', 1000) AS n", "function setval");
    m.put(
        "SELECT pg_advisory_lock(4242) AS n FROM canary LIMIT 1",
        "function pg_advisory_lock takes a lock");
    m.put(
        "SELECT pg_terminate_backend(pid)::int AS n FROM pg_stat_activity WHERE application_name ="
            + " 'canary_victim'",
        "function pg_terminate_backend signals or terminates other sessions");
    m.put(
        "SELECT pg_cancel_backend(pid)::int AS n FROM pg_stat_activity WHERE application_name ="
            + " 'canary_victim'",
        "function pg_cancel_backend");
    m.put(
        "SELECT lo_create(0) AS n FROM canary LIMIT 1",
        "function lo_create reads or writes large objects");
    m.put(
        "SELECT set_config('application_name', 'canary_pwned', false) AS n",
        "function set_config changes session settings");
    m.put("SELECT count(*) AS n FROM canary; DELETE FROM canary", "more than one statement");
    m.put("COPY canary TO '" + COPY_FILE + "'", "COPY is not a read statement");
    m.put(
        "SELECT pg_stat_reset() AS n FROM canary LIMIT 1",
        "function pg_stat_reset resets statistics");
    m.put("SELECT count(*) AS n FROM canary FOR UPDATE", "FOR UPDATE/FOR SHARE locks rows");
    m.put("DO 'BEGIN INSERT INTO canary VALUES (7); END'", "DO is not a read statement");
    m.put(
        "SELECT query_to_xml('DELETE FROM canary RETURNING id', true, true, '') AS n",
        "function query_to_xml runs SQL given as text");
    m.put("TRUNCATE canary", "TRUNCATE is not a read statement");
    m.put("UPDATE canary SET id = 0", "UPDATE is not a read statement");
    m.put("INSERT INTO canary VALUES (5)", "INSERT is not a read statement");
    m.put("CREATE TABLE canary_new (a int)", "CREATE is not a read statement");
    m.put("SET application_name = 'canary_pwned'", "SET is not a read statement");
    m.put("SELECT pg_read_file('/etc/hostname') AS n FROM canary", "function pg_read_file reads");
    m.put("SELECT 'x\\', (SELECT count(*) FROM canary) AS n", "backslash");
    m.put("SELECT count(*) AS n FROM canary --x", "'--' not followed by a space");
    m.put("SELECT count(*) AS n FROM canary /* /* */ , pg_sleep(1) */", "nested comment");
    m.put("SELECT count(*) AS n FROM canary WHERE id = $$1$$", "dollar quoting");
    m.put("SELECT pg_notify('canary', 'x') AS n", "function pg_notify");
    m.put(
        "SELECT * FROM dblink('dbname=postgres', 'DELETE FROM canary') AS t(n int)",
        "function dblink");
    m.put("SELECT count(*) AS n FROM canary FOR SHARE NOWAIT", "FOR UPDATE/FOR SHARE locks rows");
    m.put("EXPLAIN ANALYZE DELETE FROM canary", "EXPLAIN is not a read statement");
    return m;
  }

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverReachTheServer() throws Exception {
    Map<String, String> hostile = hostile();
    List<Path> files = new ArrayList<>();
    int i = 0;
    for (String sql : hostile.keySet()) {
      files.add(write("evil-" + i + ".toml", metric("evil_" + i, sql, "")));
      i++;
    }
    Path good = write("good.toml", metric("good", "SELECT sum(depth) AS n FROM queue", ""));
    files.add(good);
    Canary before = Canary.read();
    assertThat(hostile).hasSizeGreaterThanOrEqualTo(30);

    try (Connection victim =
            DriverManager.getConnection(
                pg.jdbcUrl("postgres") + "?ApplicationName=canary_victim", pg.user(), "");
        MonitoredDatasource ds = datasource(cfg("pg", Duration.ofSeconds(5), false, files))) {
      sql("SELECT pg_stat_statements_reset()");
      List<FileStatus> status = ds.custom().files();
      List<String> reasons = new ArrayList<>(hostile.values());
      for (int k = 0; k < reasons.size(); k++) {
        assertThat(status.get(k).loaded()).isFalse();
        assertThat(status.get(k).problems())
            .singleElement()
            .asString()
            .startsWith(files.get(k) + ":")
            .contains("metric evil_" + k + ": request: refused: ")
            .contains(reasons.get(k));
      }

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "pg", "custom:good")).isEqualTo(1);
      assertThat(s.value("good_n", "datasource", "pg")).isEqualTo(16);
      assertThat(s.value("dbscope_custom_file_loaded", "file", good.toString())).isEqualTo(1);
      for (int k = 0; k < reasons.size(); k++) {
        assertThat(s.value("dbscope_custom_file_loaded", "file", files.get(k).toString())).isZero();
        assertThat(s.find("dbscope_collector_success", "collector", "custom:evil_" + k)).isEmpty();
      }
      assertThat(statementsLike("'%can' || 'ary%'"))
          .as("statements on the canary that reached the server")
          .isZero();
      assertThat(statementsLike("'%FROM queue%'"))
          .as("the good query did reach the server")
          .isPositive();
      assertThat(victim.isValid(2)).as("the victim session was not terminated").isTrue();
      assertThat(Canary.read()).isEqualTo(before);
    }

    // The canaries are not blind: run directly, the same statements leave traces.
    sql(
        "WITH d AS (DELETE FROM canary WHERE id = 3 RETURNING id) SELECT count(*) FROM d",
        "SELECT nextval('canary_seq')",
        "SELECT lo_create(0)");
    Canary after = Canary.read();
    assertThat(after.rows()).isEqualTo(before.rows() - 1);
    assertThat(after.seqCalled()).isTrue();
    assertThat(after.largeObjects()).isEqualTo(before.largeObjects() + 1);
    sql("INSERT INTO canary VALUES (3)");
  }

  @Test
  void aWriteThatPassesTheGuardIsRefusedByTheReadOnlyTransaction() throws Exception {
    Path f =
        write(
            "sneaky.toml",
            metric("sneaky", "SELECT canary_sneaky() AS n", "")
                + metric("after", "SELECT count(*) AS n FROM queue", ""));
    Canary before = Canary.read();

    // Allowed by name: the guard cannot know what a function does, the operator says it reads.
    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(
                cfg("pg", Duration.ofSeconds(5), false, List.of(f)), List.of("canary_sneaky"))) {
      assertThat(ds.custom().problems()).isEmpty();

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "pg", "custom:sneaky")).isZero();
      assertThat(s.samples("sneaky_n")).isEmpty();
      assertThat(Scraped.success(s, "pg", "custom:after"))
          .as("same connection, next query")
          .isEqualTo(1);
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("custom:sneaky"))
          .singleElement()
          .asString()
          .startsWith("WARN [pg] collector custom:sneaky failed: " + f + ":1 (metric sneaky): ")
          .contains("cannot execute INSERT in a read-only transaction");
    }
    assertThat(Canary.read()).isEqualTo(before);
    // Outside dbscope's transaction the same call does write (rolled back here by hand).
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SELECT canary_sneaky()");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM canary")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(before.rows() + 1);
        }
      }
      c.rollback();
    }
  }

  @Test
  void aGuardedQueryRunsReadOnlyAndTheConnectionComesBackInItsPoolState() throws Exception {
    Path f =
        write("ro.toml", metric("ro", "SELECT current_setting('transaction_read_only') AS n", ""));
    DatasourceConfig cfg = cfg("pg", Duration.ofSeconds(5), false, List.of(f));
    CustomMetric m = new CustomMetricsLoader(false).load(f, engine).metrics().getFirst();

    try (Target t = engine.open(cfg, resources);
        Session s = t.open(Duration.ofSeconds(5))) {
      ResultRows inside = s.query(m.definition(), Duration.ofSeconds(2));
      // With the pool's read-only flag, a transaction left open would be a read-only one.
      ResultRows outside =
          s.run("SELECT current_setting('transaction_read_only') AS ro", Duration.ofSeconds(2));
      CustomMetricRunner.Run run = CustomMetricRunner.run(s, m, Duration.ofSeconds(2));

      assertThat(inside.rows().getFirst()[0]).isEqualTo("on");
      assertThat(outside.rows().getFirst()).containsExactly("off");
      assertThat(run)
          .extracting(
              CustomMetricRunner.Run::ok,
              CustomMetricRunner.Run::rows,
              CustomMetricRunner.Run::samples,
              CustomMetricRunner.Run::error)
          .containsExactly(true, 1, 1, "");
    }
  }

  @Test
  void moreRowsThanMaxRowsAreCutCountedAndLoggedOnce() throws Exception {
    Path f =
        write(
            "many.toml",
            metric(
                "many",
                "SELECT g::text AS id, g AS n FROM generate_series(1, 250) g",
                "labels = [\"id\"]\n"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(cfg("pg", Duration.ofSeconds(5), false, List.of(f)))) {
      ds.collect(Deadline.in(Duration.ofSeconds(20)));
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "pg", "custom:many")).isEqualTo(1);
      assertThat(s.samples("many_n")).hasSize(100);
      assertThat(s.find("many_n", "id", "100")).isPresent();
      assertThat(s.find("many_n", "id", "101")).isEmpty();
      assertThat(s.value("dbscope_custom_rows_truncated_total", "collector", "custom:many"))
          .isEqualTo(2);
      assertThat(s.types()).containsEntry("dbscope_custom_rows_truncated_total", "counter");
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .containsExactly(
              "WARN [pg] collector custom:many returns more than maxRows = 100 rows; the rest is"
                  + " cut: "
                  + f
                  + ":1");
    }
  }

  @Test
  void labelSetsBeyondMaxSeriesAreDroppedAndCounted() throws Exception {
    Path f =
        write(
            "wide.toml",
            metric(
                "wide",
                "SELECT g::text AS id, g AS n FROM generate_series(1, 50) g",
                "labels = [\"id\"]\nmaxSeries = 10\n"));

    try (MonitoredDatasource ds = datasource(cfg("pg", Duration.ofSeconds(5), false, List.of(f)))) {
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "pg", "custom:wide")).isEqualTo(1);
      assertThat(s.samples("wide_n")).hasSize(10);
      assertThat(s.value("dbscope_custom_series_dropped_total", "collector", "custom:wide"))
          .isEqualTo(40);
    }
  }

  @Test
  void aQueryPastItsTimeoutIsCancelledOnTheServerAndFailsAlone() throws Exception {
    Path f =
        write(
            "slow.toml",
            metric("slow", "SELECT 1 AS n FROM pg_sleep(8)", "")
                + metric("quick", "SELECT 2 AS n", ""));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(cfg("pg", Duration.ofSeconds(1), false, List.of(f)))) {
      long t0 = System.nanoTime();
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(took).isLessThan(Duration.ofSeconds(4));
      assertThat(Scraped.success(s, "pg", "custom:slow")).isZero();
      assertThat(s.value("dbscope_collector_timeouts_total", "collector", "custom:slow"))
          .isEqualTo(1);
      assertThat(Scraped.success(s, "pg", "custom:quick")).isEqualTo(1);
      assertThat(s.value("quick_n")).isEqualTo(2);
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("custom:slow"))
          .singleElement()
          .asString()
          .startsWith("WARN [pg] collector custom:slow failed: " + f + ":1 (metric slow): ")
          .contains("ERROR: canceling statement");
      assertThat(
              count(
                  "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(8)%'"
                      + " AND state = 'active' AND pid <> pg_backend_pid()"))
          .as("still running on the server")
          .isZero();
    }
  }

  @Test
  void badValuesFailTheirOwnCollectorOnlyAndAreLoggedOncePerChange() throws Exception {
    Path f =
        write(
            "values.toml",
            metric("nulls", "SELECT 'a' AS k, NULL::int AS n", "labels = [\"k\"]\n")
                + metric("text", "SELECT 'a' AS k, 'lots' AS n", "labels = [\"k\"]\n")
                + metric(
                    "dup", "SELECT 'a' AS k, 1 AS n UNION ALL SELECT 'a', 2", "labels = [\"k\"]\n")
                + metric("nocol", "SELECT nope AS n FROM queue", "")
                + metric("empty", "SELECT depth AS n FROM queue WHERE false", "")
                + metric(
                    "emptyok",
                    "SELECT depth AS n FROM queue WHERE false",
                    "ignorezeroresult = true\n")
                + metric(
                    "fine",
                    "SELECT name AS k, depth AS n FROM queue",
                    "labels = [\"k\"]\nmetricstype = { n = \"counter\" }\n"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(cfg("pg", Duration.ofSeconds(5), true, List.of(f)))) {
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));
      ds.collect(Deadline.in(Duration.ofSeconds(20)));

      assertThat(s.value("pg_up", "datasource", "pg")).isEqualTo(1);
      assertThat(Scraped.success(s, "pg", "pg_stat_database"))
          .as("a built-in next to failing custom ones")
          .isEqualTo(1);
      for (String bad : List.of("nulls", "text", "dup", "nocol", "empty")) {
        assertThat(Scraped.success(s, "pg", "custom:" + bad)).as(bad).isZero();
        assertThat(s.samples(bad + "_n")).as(bad).isEmpty();
      }
      assertThat(Scraped.success(s, "pg", "custom:emptyok")).isEqualTo(1);
      assertThat(Scraped.success(s, "pg", "custom:fine")).isEqualTo(1);
      assertThat(s.value("fine_n", "datasource", "pg", "k", "push")).isEqualTo(12);
      assertThat(s.types()).containsEntry("fine_n", "counter");
      String at = "WARN [pg] collector custom:%s failed: " + f + ":%d (metric %s): ";
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .containsExactly(
              String.format(at, "nulls", 1, "nulls")
                  + "row 1, column n: NULL (use COALESCE in the query if a default is meant)",
              String.format(at, "text", 7, "text") + "row 1, column n: 'lots' is not a number",
              String.format(at, "dup", 13, "dup")
                  + "two rows give metric dup_n the same labels"
                  + " {datasource=\"pg\",k=\"a\"} (the label columns must identify a row)",
              String.format(at, "nocol", 19, "nocol") + "ERROR: column \"nope\" does not exist",
              String.format(at, "empty", 24, "empty")
                  + "the query returned no rows (set ignorezeroresult = true when that is normal)");
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  static String metric(String context, String sql, String extra) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\n"
        + "metricsdesc = { n = \"N.\" }\n"
        + extra
        + "\n";
  }

  static Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static DatasourceConfig cfg(
      String name, Duration queryTimeout, boolean builtIns, List<Path> files) {
    return DatasourceConfig.builder(name, "postgres")
        .host(pg.host())
        .port(pg.port())
        .user(pg.user())
        .queryTimeout(queryTimeout)
        .registerDatabaseMetrics(builtIns)
        .customMetricsFiles(files)
        .build();
  }

  static MonitoredDatasource datasource(DatasourceConfig cfg) {
    return datasource(cfg, List.of());
  }

  static MonitoredDatasource datasource(DatasourceConfig cfg, List<String> allowedFunctions) {
    CustomFiles files =
        new CustomFiles(
            new CustomMetricsLoader(
                false,
                EngineOptions.none().with(GuardOptions.ALLOWED_FUNCTIONS, allowedFunctions)));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
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

  /**
   * Statements pg_stat_statements has seen whose text matches the SQL expression {@code pattern}.
   */
  static long statementsLike(String pattern) throws SQLException {
    return count("SELECT count(*) FROM pg_stat_statements WHERE query LIKE " + pattern);
  }
}
