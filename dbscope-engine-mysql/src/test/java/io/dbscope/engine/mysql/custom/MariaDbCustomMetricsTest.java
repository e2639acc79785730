package io.dbscope.engine.mysql.custom;

import io.dbscope.core.config.EngineOptions;
import io.dbscope.engine.sql.guard.GuardOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.Fleet;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.testkit.CapturedLogs;
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
 * Custom metrics against a real MariaDB, connected as root: hostile statements never reach the
 * server (its general query log proves it), writes hidden in stored functions are refused by {@code
 * START TRANSACTION READ ONLY} (InnoDB and MyISAM alike), and truncation, timeouts, NULLs, wrong
 * types, duplicate label sets and the series limit each affect one collector only. Several
 * datasources with their own files run through {@link Fleet#of}, as {@code dbscope run} does.
 */
class MariaDbCustomMetricsTest {
  private static final Path CONFIG_DIR = Path.of("").toAbsolutePath().getParent().resolve("config");

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
        "SET GLOBAL log_output = 'TABLE'",
        "SET GLOBAL general_log = 'ON'",
        "CREATE DATABASE app",
        "CREATE TABLE app.canary (id INT) ENGINE=InnoDB",
        "INSERT INTO app.canary VALUES (1), (2), (3)",
        "CREATE TABLE app.canary_myisam (id INT) ENGINE=MyISAM",
        "INSERT INTO app.canary_myisam VALUES (1), (2), (3)",
        "CREATE SEQUENCE app.canary_seq",
        "CREATE FUNCTION app.canary_sneaky() RETURNS INT MODIFIES SQL DATA"
            + " BEGIN INSERT INTO app.canary VALUES (99); RETURN 1; END",
        "CREATE FUNCTION app.canary_sneaky_myisam() RETURNS INT MODIFIES SQL DATA"
            + " BEGIN INSERT INTO app.canary_myisam VALUES (99); RETURN 1; END",
        "CREATE TABLE app.queue (name VARCHAR(20), depth INT) ENGINE=InnoDB",
        "INSERT INTO app.queue VALUES ('mail', 4), ('sms', 0), ('push', 12)");
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

  private static final Path OUTFILE =
      Path.of("/tmp/dbscope-canary-" + ProcessHandle.current().pid());

  /** Everything a hostile statement would change. */
  record Canary(
      long rows,
      long sum,
      long myisamRows,
      long newTables,
      long seqNext,
      boolean lock,
      boolean outfile) {
    static Canary read() throws SQLException {
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  """
                  SELECT (SELECT COUNT(*) FROM app.canary), (SELECT COALESCE(SUM(id), 0) FROM app.canary),
                         (SELECT COUNT(*) FROM app.canary_myisam),
                         (SELECT COUNT(*) FROM information_schema.TABLES
                           WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'canary_new'),
                         (SELECT next_not_cached_value FROM app.canary_seq),
                         IS_USED_LOCK('canary') IS NOT NULL
                  """)) {
        rs.next();
        return new Canary(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getBoolean(6),
            Files.exists(OUTFILE));
      }
    }
  }

  static Map<String, String> hostile(long victim) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("SELECT id AS n FROM app.canary INTO OUTFILE '" + OUTFILE + "'", "SELECT … INTO writes");
    m.put(
        "SELECT id AS n FROM app.canary LIMIT 1 INTO DUMPFILE '" + OUTFILE + "'",
        "SELECT … INTO writes");
    m.put("SELECT id INTO @canary FROM app.canary LIMIT 1", "the parser cannot read the query");
    m.put("SELECT NEXTVAL(app.canary_seq) AS n", "function nextval advances or sets a sequence");
    m.put("SELECT NEXT VALUE FOR app.canary_seq AS n", "NEXT VALUE FOR advances a sequence");
    m.put("SELECT SETVAL(app.canary_seq, 1000) AS n", "function setval");
    m.put("SELECT GET_LOCK('canary', 0) AS n", "function get_lock takes a lock");
    m.put("SELECT RELEASE_ALL_LOCKS() AS n FROM app.canary", "function release_all_locks");
    m.put(
        "SELECT LENGTH(LOAD_FILE('/etc/hostname')) AS n FROM app.canary",
        "function load_file reads");
    m.put("SELECT BENCHMARK(1000000, MD5('canary')) AS n", "function benchmark burns CPU");
    m.put(
        "SELECT COUNT(*) AS n FROM app.canary; DELETE FROM app.canary", "more than one statement");
    m.put(
        "SELECT COUNT(*) AS n FROM app.canary /*!50000 , (SELECT GET_LOCK('canary', 0)) */",
        "'/*!': MySQL executes");
    m.put("SELECT COUNT(*) AS n FROM app.canary # , (SELECT 1)", "'#' starts a comment in MySQL");
    m.put("SELECT 1 --1 AS n FROM app.canary", "'--' not followed by a space");
    m.put("SELECT 'a\\', (SELECT COUNT(*) FROM app.canary) AS n", "backslash");
    m.put("SELECT COUNT(*) AS n FROM app.canary FOR UPDATE", "FOR UPDATE/FOR SHARE locks rows");
    m.put(
        "SELECT COUNT(*) AS n FROM app.canary LOCK IN SHARE MODE",
        "the parser cannot read the query");
    m.put("DO GET_LOCK('canary', 0)", "DO is not a read statement");
    m.put("CALL app.canary_proc()", "CALL is not a read statement");
    m.put("SET @canary = 1", "SET is not a read statement");
    m.put("LOAD DATA INFILE '/etc/hostname' INTO TABLE app.canary", "LOAD is not a read statement");
    m.put("HANDLER app.canary OPEN", "HANDLER is not a read statement");
    m.put("KILL " + victim, "KILL is not a read statement");
    m.put("SELECT @canary := COUNT(*) AS n FROM app.canary", "assigning a variable");
    m.put("INSERT INTO app.canary VALUES (5)", "INSERT is not a read statement");
    m.put("REPLACE INTO app.canary VALUES (5)", "REPLACE is not a read statement");
    m.put("UPDATE app.canary SET id = 0", "UPDATE is not a read statement");
    m.put("DELETE FROM app.canary", "DELETE is not a read statement");
    m.put("TRUNCATE app.canary", "TRUNCATE is not a read statement");
    m.put("CREATE TABLE app.canary_new (a INT)", "CREATE is not a read statement");
    m.put(
        "SELECT sys_exec('touch /tmp/canary') AS n",
        "function sys_exec runs operating system commands");
    m.put(
        "SELECT MASTER_POS_WAIT('canary-bin.000001', 4, 1) AS n", "function master_pos_wait waits");
    m.put("SHOW STATUS WHERE Variable_name = 'canary'", "SHOW … WHERE (use LIKE) is not accepted");
    m.put("EXPLAIN DELETE FROM app.canary", "EXPLAIN is not a read statement");
    return m;
  }

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverReachTheServer() throws Exception {
    Canary before = Canary.read();
    try (Connection victim = connect()) {
      Map<String, String> hostile = hostile(connectionId(victim));
      assertThat(hostile).hasSizeGreaterThanOrEqualTo(30);
      List<Path> files = new ArrayList<>();
      int i = 0;
      for (String sql : hostile.keySet()) {
        files.add(write("evil-" + i + ".toml", metric("evil_" + i, sql, "")));
        i++;
      }
      Path good = write("good.toml", metric("good", "SELECT SUM(depth) AS n FROM app.queue", ""));
      files.add(good);
      sql("TRUNCATE mysql.general_log");

      try (MonitoredDatasource ds = datasource(cfg("maria", Duration.ofSeconds(5), false, files))) {
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

        assertThat(Scraped.success(s, "maria", "custom:good")).isEqualTo(1);
        assertThat(s.value("good_n", "datasource", "maria")).isEqualTo(16);
        for (int k = 0; k < reasons.size(); k++) {
          assertThat(s.value("dbscope_custom_file_loaded", "file", files.get(k).toString()))
              .isZero();
          assertThat(s.find("dbscope_collector_success", "collector", "custom:evil_" + k))
              .isEmpty();
        }
        assertThat(logged("CONCAT('%can', 'ary%')"))
            .as("statements on the canary that reached the server")
            .isZero();
        assertThat(logged("'%FROM app.queue%'"))
            .as("the good query did reach the server")
            .isPositive();
        assertThat(victim.isValid(2)).as("the victim connection was not killed").isTrue();
        assertThat(Canary.read()).isEqualTo(before);
      }
    }
    // The canaries are not blind: run directly, the same kind of statements leave traces.
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("SELECT NEXTVAL(app.canary_seq)");
      st.execute("SELECT GET_LOCK('canary', 0)");
      st.execute("DELETE FROM app.canary WHERE id = 3");
      Canary after = Canary.read();
      assertThat(after.seqNext()).isGreaterThan(before.seqNext());
      assertThat(after.lock()).isTrue();
      assertThat(after.rows()).isEqualTo(before.rows() - 1);
      st.execute("INSERT INTO app.canary VALUES (3)");
    }
  }

  @Test
  void writesHiddenInFunctionsAreRefusedByTheReadOnlyTransaction() throws Exception {
    Path f =
        write(
            "sneaky.toml",
            metric("sneaky", "SELECT app.canary_sneaky() AS n", "")
                + metric("sneaky_myisam", "SELECT app.canary_sneaky_myisam() AS n", "")
                + metric("after", "SELECT COUNT(*) AS n FROM app.queue", ""));
    Canary before = Canary.read();
    sql("TRUNCATE mysql.general_log");

    // Allowed by name: the guard cannot know what a function does, the operator says it reads.
    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(
                cfg("maria", Duration.ofSeconds(5), false, List.of(f)),
                List.of("app.canary_sneaky", "app.canary_sneaky_myisam"))) {
      assertThat(ds.custom().problems()).isEmpty();

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "maria", "custom:sneaky")).isZero();
      assertThat(Scraped.success(s, "maria", "custom:sneaky_myisam"))
          .as("MyISAM cannot be rolled back")
          .isZero();
      assertThat(Scraped.success(s, "maria", "custom:after"))
          .as("same connection, next query")
          .isEqualTo(1);
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .satisfiesExactly(
              l ->
                  assertThat(l)
                      .startsWith(
                          "WARN [maria] collector custom:sneaky failed: "
                              + f
                              + ":1 (metric sneaky): ")
                      .endsWith("Cannot execute statement in a READ ONLY transaction"),
              l ->
                  assertThat(l)
                      .startsWith(
                          "WARN [maria] collector custom:sneaky_myisam failed: "
                              + f
                              + ":6 (metric sneaky_myisam): ")
                      .endsWith("Cannot execute statement in a READ ONLY transaction"));
      assertThat(logged("'%START TRANSACTION READ ONLY'")).as("the server was told").isEqualTo(3);
    }
    assertThat(Canary.read()).isEqualTo(before);
  }

  @Test
  void truncationSeriesLimitAndTimeoutEachAffectOneCollector() throws Exception {
    String rows =
        "WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM r WHERE id < %d)"
            + " SELECT CAST(id AS CHAR) AS id, id AS n FROM r";
    Path f =
        write(
            "limits.toml",
            metric("many", rows.formatted(250), "labels = [\"id\"]\n")
                + metric("wide", rows.formatted(50), "labels = [\"id\"]\nmaxSeries = 10\n")
                + metric("slow", "SELECT SLEEP(8) AS n", "")
                + metric("quick", "SELECT 2 AS n", ""));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(cfg("maria", Duration.ofSeconds(1), false, List.of(f)))) {
      long t0 = System.nanoTime();
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(Scraped.success(s, "maria", "custom:many")).isEqualTo(1);
      assertThat(s.samples("many_n")).hasSize(100);
      assertThat(s.value("dbscope_custom_rows_truncated_total", "collector", "custom:many"))
          .isEqualTo(1);
      assertThat(Scraped.success(s, "maria", "custom:wide")).isEqualTo(1);
      assertThat(s.samples("wide_n")).hasSize(10);
      assertThat(s.value("dbscope_custom_series_dropped_total", "collector", "custom:wide"))
          .isEqualTo(40);
      assertThat(took).isLessThan(Duration.ofSeconds(4));
      assertThat(Scraped.success(s, "maria", "custom:slow")).isZero();
      assertThat(s.value("dbscope_collector_timeouts_total", "collector", "custom:slow"))
          .isEqualTo(1);
      assertThat(Scraped.success(s, "maria", "custom:quick")).isEqualTo(1);
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("custom:slow"))
          .singleElement()
          .asString()
          .startsWith("WARN [maria] collector custom:slow failed: " + f + ":");
      assertThat(
              count(
                  "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(8)%'"
                      + " AND ID <> CONNECTION_ID()"))
          .as("still running on the server")
          .isZero();
    }
  }

  @Test
  void badValuesFailTheirOwnCollectorOnly() throws Exception {
    Path f =
        write(
            "values.toml",
            metric("nulls", "SELECT 'a' AS k, NULL AS n", "labels = [\"k\"]\n")
                + metric("text", "SELECT 'a' AS k, 'lots' AS n", "labels = [\"k\"]\n")
                + metric(
                    "dup", "SELECT 'a' AS k, 1 AS n UNION ALL SELECT 'a', 2", "labels = [\"k\"]\n")
                + metric("nocol", "SELECT nope AS n FROM app.queue", "")
                + metric(
                    "fine", "SELECT name AS k, depth AS n FROM app.queue", "labels = [\"k\"]\n"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(cfg("maria", Duration.ofSeconds(5), true, List.of(f)))) {
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(s.value("mysql_up", "datasource", "maria")).isEqualTo(1);
      assertThat(Scraped.success(s, "maria", "global_status"))
          .as("a built-in next to failing custom ones")
          .isEqualTo(1);
      for (String bad : List.of("nulls", "text", "dup", "nocol")) {
        assertThat(Scraped.success(s, "maria", "custom:" + bad)).as(bad).isZero();
      }
      assertThat(s.value("fine_n", "datasource", "maria", "k", "push")).isEqualTo(12);
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .endsWith(
                          "(metric nulls): row 1, column n: NULL (use COALESCE in the query if a"
                              + " default is meant)"))
          .anySatisfy(
              l -> assertThat(l).endsWith("(metric text): row 1, column n: 'lots' is not a number"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("(metric dup): two rows give metric dup_n the same labels"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("(metric nocol): ")
                      .endsWith("Unknown column 'nope' in 'SELECT'"));
    }
  }

  @Test
  void datasourcesWithDifferentFilesThroughTheFleet() throws Exception {
    Path other =
        write(
            "other.toml",
            metric("b_only", "SELECT 7 AS n", "")
                + metric(
                    "b_soundex",
                    "SELECT COUNT(*) AS n FROM app.queue WHERE name SOUNDS LIKE 'male'",
                    "unchecked = true\n"));
    List<Path> samples =
        List.of(
            CONFIG_DIR.resolve("custom-metrics-mariadb.toml"),
            CONFIG_DIR.resolve("custom-metrics-generic.toml"),
            CONFIG_DIR.resolve("custom_metrics_test.toml"));
    Path cfg =
        write(
            "dbscope.toml",
            """
            allowUncheckedQueries = true

            [[datasource]]
            name = "a"
            engine = "mariadb"
            dbHost = "127.0.0.1:%1$d"
            dbUser = "root"
            customMetricsFile = [%2$s]

            [[datasource]]
            name = "b"
            engine = "mariadb"
            dbHost = "127.0.0.1:%1$d"
            dbUser = "root"
            registerDatabaseMetrics = false
            customMetricsFile = "%3$s"
            """
                .formatted(
                    db.port(),
                    String.join(", ", samples.stream().map(p -> "\"" + p + "\"").toList()),
                    other));
    EngineCatalog engines = new EngineCatalog(List.of(engine));
    DbscopeConfig config = new ConfigLoader(engines, Map.of()).load(cfg).config();

    try (Fleet fleet = Fleet.of(config, engines, resources, true)) {
      MonitoredDatasource a = fleet.get("a").orElseThrow();
      MonitoredDatasource b = fleet.get("b").orElseThrow();
      ExpositionText s =
          Scraped.of(
              a.collect(Deadline.in(Duration.ofSeconds(30))),
              b.collect(Deadline.in(Duration.ofSeconds(30))));

      List<CustomMetric> sampleMetrics = a.custom().metrics();
      assertThat(sampleMetrics).hasSizeGreaterThanOrEqualTo(10);
      for (CustomMetric m : sampleMetrics) {
        assertThat(Scraped.success(s, "a", m.id())).as(m.origin()).isEqualTo(1);
      }
      assertThat(
              s.find(
                  "custom_mysql_threads_status_value",
                  "datasource",
                  "a",
                  "variable_name",
                  "Threads_connected"))
          .isPresent();
      assertThat(s.value("b_only_n", "datasource", "b")).isEqualTo(7);
      assertThat(b.custom().metric("custom:b_soundex").orElseThrow().unchecked()).isTrue();
      assertThat(s.value("b_soundex_n", "datasource", "b")).isEqualTo(1);
      assertThat(s.find("b_only_n", "datasource", "a")).isEmpty();
      assertThat(s.find("custom_sql_heartbeat_ok", "datasource", "b")).isEmpty();
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
    return DatasourceConfig.builder(name, "mysql")
        .engineAlias("mariadb")
        .host(db.host())
        .port(db.port())
        .user(db.user())
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

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  static long connectionId(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
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
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Queries in the general log whose text matches the SQL expression {@code pattern}. */
  static long logged(String pattern) throws SQLException {
    return count(
        "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query'"
            + " AND CONVERT(argument USING utf8mb4) LIKE "
            + pattern);
  }
}
