package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomMetricRunner;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.engine.postgres.PostgresUnderTest;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.contract.CustomMetricsContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomMetricsContract} on PostgreSQL, connected as the superuser. pg_stat_statements tells
 * which statements reached the server; the hostile statements aim at a table, a sequence, advisory
 * locks, large objects, other sessions, statistics and the file system.
 */
class PostgresCustomMetricsTest extends CustomMetricsContract {
  private PostgresFixture pg;

  @Override
  protected SqlEngineUnderTest start() {
    PostgresUnderTest db =
        new PostgresUnderTest(PostgresFixture.builder().statStatements().start());
    pg = db.fixture();
    return db;
  }

  @Override
  protected List<String> setup() {
    return List.of(
        "CREATE EXTENSION pg_stat_statements",
        "CREATE TABLE canary (id int)",
        "INSERT INTO canary VALUES (1), (2), (3)",
        "CREATE SEQUENCE canary_seq",
        "CREATE FUNCTION canary_sneaky() RETURNS int LANGUAGE plpgsql VOLATILE"
            + " AS 'BEGIN INSERT INTO canary VALUES (99); RETURN 1; END'",
        "CREATE TABLE queue (name text, depth int)",
        "INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)");
  }

  /** Everything a hostile statement of {@link #hostile} would change. */
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

    static Canary read(Connection c) throws SQLException {
      try (Statement st = c.createStatement();
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

  @Override
  protected Map<String, String> hostile(Connection victim) {
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

  /** A session that {@code pg_terminate_backend} in {@link #hostile} would end. */
  @Override
  protected Connection victim() throws SQLException {
    return DriverManager.getConnection(
        pg.jdbcUrl("postgres") + "?ApplicationName=canary_victim", pg.user(), "");
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
    sql(
        "WITH d AS (DELETE FROM canary WHERE id = 3 RETURNING id) SELECT count(*) FROM d",
        "SELECT nextval('canary_seq')",
        "SELECT lo_create(0)");
    Canary after = (Canary) canaries();
    assertThat(after.rows()).isEqualTo(was.rows() - 1);
    assertThat(after.seqCalled()).isTrue();
    assertThat(after.largeObjects()).isEqualTo(was.largeObjects() + 1);
    sql("INSERT INTO canary VALUES (3)");
  }

  @Override
  protected void forgetStatements() throws SQLException {
    sql("SELECT pg_stat_statements_reset()");
  }

  /** pg_stat_statements keeps constants as parameters: the asking query does not match. */
  @Override
  protected long statementsSeen(String fragment) throws SQLException {
    return count(
        "SELECT count(*) FROM pg_stat_statements WHERE strpos(query, '" + fragment + "') > 0");
  }

  @Override
  protected List<String> writingFunctions() {
    return List.of("canary_sneaky");
  }

  @Override
  protected String readOnlyRefusal() {
    return "cannot execute INSERT in a read-only transaction";
  }

  @Override
  protected String noSuchColumn() {
    return "ERROR: column \"nope\" does not exist";
  }

  @Override
  protected String cancelled() {
    return "ERROR: canceling statement";
  }

  /** Outside dbscope's transaction the same call does write (rolled back here by hand). */
  @Override
  protected void afterWritesRefused() throws Exception {
    long rows = ((Canary) canaries()).rows();
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SELECT canary_sneaky()");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM canary")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(rows + 1);
        }
      }
      c.rollback();
    }
  }

  @Test
  void aGuardedQueryRunsReadOnlyAndTheConnectionComesBackInItsPoolState() throws Exception {
    Path f = write("ro.toml", metric("ro", "SELECT current_setting('transaction_read_only') AS n"));
    DatasourceConfig cfg = datasourceConfig().registerDatabaseMetrics(false).build();
    CustomMetric m = new CustomMetricsLoader(false).load(f, engine()).metrics().getFirst();

    try (Target t = engine().open(cfg, resources());
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
}
