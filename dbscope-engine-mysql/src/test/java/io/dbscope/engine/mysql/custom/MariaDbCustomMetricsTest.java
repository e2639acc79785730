package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.Fleet;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MariaDbUnderTest;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import io.dbscope.testkit.contract.CustomMetricsContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomMetricsContract} on MariaDB, connected as root: its general query log tells which
 * statements reached the server, and writes hidden in stored functions are refused by {@code START
 * TRANSACTION READ ONLY} for InnoDB and MyISAM alike. Several datasources with their own files run
 * through {@link Fleet#of}, as {@code dbscope run} does.
 */
class MariaDbCustomMetricsTest extends CustomMetricsContract {
  private static final Path CONFIG_DIR = Path.of("").toAbsolutePath().getParent().resolve("config");

  private MariaDbUnderTest db;

  @Override
  protected SqlEngineUnderTest start() {
    return db = MariaDbUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    return List.of(
        "SET GLOBAL log_bin_trust_function_creators = 1",
        "SET GLOBAL log_output = 'TABLE'",
        "SET GLOBAL general_log = 'ON'",
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
    static Canary read(Connection c) throws SQLException {
      try (Statement st = c.createStatement();
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

  @Override
  protected Map<String, String> hostile(Connection victimConnection) throws SQLException {
    long victim = count(victimConnection, "SELECT CONNECTION_ID()");
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

  @Override
  protected Record canaries() throws SQLException {
    try (Connection c = connect()) {
      return Canary.read(c);
    }
  }

  @Override
  protected void canariesSeeWhatTheyGuard(Record before) throws Exception {
    Canary was = (Canary) before;
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("SELECT NEXTVAL(app.canary_seq)");
      st.execute("SELECT GET_LOCK('canary', 0)");
      st.execute("DELETE FROM app.canary WHERE id = 3");
      Canary after = Canary.read(c);
      assertThat(after.seqNext()).isGreaterThan(was.seqNext());
      assertThat(after.lock()).isTrue();
      assertThat(after.rows()).isEqualTo(was.rows() - 1);
      st.execute("INSERT INTO app.canary VALUES (3)");
    }
  }

  @Override
  protected void forgetStatements() throws SQLException {
    sql("TRUNCATE mysql.general_log");
  }

  /** The asking query names the fragment in two parts, so that it does not count itself. */
  @Override
  protected long statementsSeen(String fragment) throws SQLException {
    int half = fragment.length() / 2;
    return count(
        "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query'"
            + " AND INSTR(CONVERT(argument USING utf8mb4), CONCAT('"
            + fragment.substring(0, half)
            + "', '"
            + fragment.substring(half)
            + "')) > 0");
  }

  @Override
  protected List<String> writingFunctions() {
    return List.of("app.canary_sneaky", "app.canary_sneaky_myisam");
  }

  @Override
  protected String readOnlyRefusal() {
    return "Cannot execute statement in a READ ONLY transaction";
  }

  @Override
  protected String noSuchColumn() {
    return "Unknown column 'nope' in 'SELECT'";
  }

  @Override
  protected String cancelled() {
    return "Query execution was interrupted (max_statement_time exceeded)";
  }

  /** The server was told: one read-only transaction per guarded query. */
  @Override
  protected void afterWritesRefused() throws SQLException {
    assertThat(statementsSeen("START TRANSACTION READ ONLY")).isEqualTo(3);
  }

  @Test
  void datasourcesWithDifferentFilesThroughTheFleet() throws Exception {
    Path other =
        write(
            "other.toml",
            metric("b_only", "SELECT 7 AS n")
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
                    db.fixture().port(),
                    String.join(", ", samples.stream().map(p -> "\"" + p + "\"").toList()),
                    other));
    EngineCatalog engines = new EngineCatalog(List.of(engine()));
    DbscopeConfig config = new ConfigLoader(engines, Map.of()).load(cfg).config();

    try (Fleet fleet = Fleet.of(config, engines, resources(), true)) {
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
}
