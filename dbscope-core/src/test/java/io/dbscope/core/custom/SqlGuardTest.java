package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard alone, on text: every hostile statement is refused with its reason, and the queries
 * that monitoring needs on PostgreSQL and MySQL/MariaDB pass. The real-server tests in the engine
 * modules prove that refused statements never reach a database.
 */
class SqlGuardTest {
  private final SqlGuard guard = new SqlGuard();

  /** Statement, and a part of the reason it must be refused with. */
  static List<Arguments> hostile() {
    return List.of(
        // Not a read statement at all.
        arguments("DELETE FROM t", "DELETE is not a read statement"),
        arguments("INSERT INTO t VALUES (1)", "INSERT is not a read statement"),
        arguments("UPDATE t SET a = 1", "UPDATE is not a read statement"),
        arguments("DROP TABLE t", "DROP is not a read statement"),
        arguments("TRUNCATE t", "TRUNCATE is not a read statement"),
        arguments("CREATE TABLE x (a int)", "CREATE is not a read statement"),
        arguments("ALTER SYSTEM SET work_mem = '1GB'", "ALTER is not a read statement"),
        arguments("GRANT ALL ON t TO public", "GRANT is not a read statement"),
        arguments("SET work_mem = '1GB'", "SET is not a read statement"),
        arguments("CALL refresh_stats()", "CALL is not a read statement"),
        arguments("DO 'BEGIN PERFORM 1; END'", "DO is not a read statement"),
        arguments("COPY t TO '/tmp/t.csv'", "COPY is not a read statement"),
        arguments("LOAD 'auto_explain'", "LOAD is not a read statement"),
        arguments("LOAD DATA INFILE '/etc/passwd' INTO TABLE t", "LOAD is not a read statement"),
        arguments("EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN is not a read statement"),
        arguments("ROLLBACK", "ROLLBACK is not a read statement"),
        arguments("SELEC 1", "SELEC is not a read statement"),
        // More than one statement.
        arguments("SELECT 1; DROP TABLE t", "more than one statement"),
        arguments("TABLE t; DELETE FROM t", "more than one statement"),
        arguments("SELECT 1;;", "more than one statement"),
        // Reads that write or lock.
        arguments("SELECT * INTO t2 FROM t", "SELECT … INTO writes"),
        arguments("SELECT a FROM t INTO OUTFILE '/tmp/x'", "SELECT … INTO writes"),
        arguments("SELECT * FROM t INTO DUMPFILE '/tmp/x'", "SELECT … INTO writes"),
        arguments("SELECT * FROM t FOR UPDATE", "FOR UPDATE/FOR SHARE locks rows"),
        arguments("SELECT * FROM t FOR SHARE", "FOR UPDATE/FOR SHARE locks rows"),
        arguments("SELECT * FROM t FOR NO KEY UPDATE NOWAIT", "FOR UPDATE/FOR SHARE locks rows"),
        arguments("SELECT * FROM t FOR KEY SHARE", "FOR UPDATE/FOR SHARE locks rows"),
        arguments(
            "SELECT a FROM t WHERE b IN (SELECT c FROM u FOR UPDATE)", "FOR UPDATE/FOR SHARE"),
        arguments(
            "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d",
            "DELETE inside the query"),
        arguments(
            "WITH i AS (INSERT INTO t VALUES (1) RETURNING a) SELECT a FROM i",
            "INSERT inside the query"),
        arguments(
            "WITH u AS (UPDATE t SET a = 1 RETURNING a) SELECT a FROM u",
            "UPDATE inside the query"),
        arguments(
            "SELECT 1 FROM t WHERE a IN (WITH d AS (DELETE FROM u RETURNING *) SELECT 1 FROM d)",
            "DELETE inside the query"),
        arguments("SELECT @a := 1", "assigning a variable"),
        arguments("SELECT NEXT VALUE FOR s", "NEXT VALUE FOR advances a sequence"),
        arguments("SELECT 1 FROM t PROCEDURE ANALYSE()", "PROCEDURE ANALYSE"),
        // Functions whose effect a read-only transaction does not stop.
        arguments(
            "SELECT pg_read_file('/etc/passwd')",
            "function pg_read_file reads, lists or writes files"),
        arguments(
            "SELECT pg_read_binary_file('/etc/passwd')", "function pg_read_binary_file reads"),
        arguments("SELECT * FROM pg_ls_dir('/')", "function pg_ls_dir reads, lists"),
        arguments("SELECT (pg_stat_file('/etc/passwd')).size", "function pg_stat_file"),
        arguments("SELECT pg_catalog.pg_read_file('x')", "function pg_read_file"),
        arguments("SELECT \"PG_READ_FILE\"('x')", "function pg_read_file"),
        arguments(
            "SELECT (SELECT max(x) FROM (SELECT lo_import('/etc/passwd') AS x) s)",
            "function lo_import reads or writes large objects"),
        arguments("SELECT lo_export(16384, '/tmp/x')", "function lo_export"),
        arguments(
            "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)",
            "function dblink connects to another server"),
        arguments(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
            "function pg_terminate_backend signals or terminates"),
        arguments("SELECT pg_cancel_backend(1234)", "function pg_cancel_backend signals"),
        arguments("SELECT pg_reload_conf()", "function pg_reload_conf changes server state"),
        arguments("SELECT pg_rotate_logfile()", "function pg_rotate_logfile changes server state"),
        arguments(
            "SELECT set_config('log_statement', 'none', false)",
            "function set_config changes session settings"),
        arguments("SELECT nextval('s')", "function nextval advances or sets a sequence"),
        arguments("SELECT setval('s', 1)", "function setval advances"),
        arguments("VALUES (nextval('s'))", "function nextval"),
        arguments("SELECT pg_advisory_lock(1)", "function pg_advisory_lock takes a lock"),
        arguments("SELECT GET_LOCK('x', 10)", "function get_lock takes a lock"),
        arguments("SELECT RELEASE_LOCK('x')", "function release_lock takes a lock"),
        arguments(
            "SELECT LOAD_FILE('/etc/passwd')", "function load_file reads, lists or writes files"),
        arguments("SELECT BENCHMARK(100000000, MD5('x'))", "function benchmark burns CPU"),
        arguments("SELECT sys_exec('id')", "function sys_exec runs operating system commands"),
        arguments(
            "SELECT query_to_xml('DELETE FROM t', true, true, '')",
            "function query_to_xml runs SQL given as text"),
        arguments("SELECT pg_stat_reset()", "function pg_stat_reset resets statistics"),
        arguments(
            "SELECT pg_stat_statements_reset()",
            "function pg_stat_statements_reset resets statistics"),
        arguments("SELECT pg_notify('c', 'x')", "function pg_notify sends notifications"),
        arguments(
            "SELECT master_pos_wait('log', 4)", "function master_pos_wait waits for replication"),
        // Text that servers and the parser read differently.
        arguments("SELECT 'a\\', pg_sleep(1) FROM t", "backslash"),
        arguments("SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */", "'/*!': MySQL executes"),
        arguments("SELECT 1 /*M! , 2 */", "'/*M': MySQL executes"),
        arguments("SELECT /*+ SET_VAR(sort_buffer_size = 1) */ 1", "'/*+'"),
        arguments("SELECT 1 --x", "'--' not followed by a space"),
        arguments("SELECT 1 // , 2", "'//' is a comment to the parser"),
        arguments("SELECT 1 # , 2", "'#' starts a comment in MySQL"),
        arguments("SELECT $$x$$", "dollar quoting"),
        arguments("SELECT 1 /* /* */ , 2 */", "nested comment"),
        arguments("SELECT 1 /* open", "comment is not closed"),
        arguments("SELECT 'open", "string is not closed"),
        arguments("SELECT 1\u0000", "control character U+0000"),
        arguments("SELECT\u00a01", "character U+00A0 outside quotes"),
        arguments(
            "SHOW STATUS WHERE Variable_name = 'x'", "SHOW … WHERE (use LIKE) is not accepted"),
        arguments("SHOW STATUS LIKE (SELECT 'x')", "'(' in SHOW is not accepted"),
        // Locks in a syntax the parser does not know: refused for that, and when unchecked for
        // LOCK.
        arguments(
            "SELECT a FROM t LOCK IN SHARE MODE",
            "the parser cannot read the query at line 1, column 22, near \"IN\""),
        arguments("", "the query is empty"),
        arguments("  -- nothing but a comment\n", "the query is empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusesHostileStatementsWithTheirReason(String sql, String reason) {
    SqlGuard.Verdict v = guard.check(sql, false);

    assertThat(v.accepted()).as("accepted: %s", sql).isFalse();
    assertThat(v.reason()).contains(reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void markingAHostileStatementUncheckedDoesNotLetItThrough(String sql, String reason) {
    assertThat(guard.check(sql, true).accepted()).as("accepted when unchecked: %s", sql).isFalse();
  }

  @Test
  void theCatalogueHasAtLeastThirtyHostileStatements() {
    assertThat(hostile()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1",
        "SELECT 1;",
        "SELECT 1; -- done",
        "(SELECT 1)",
        "VALUES (1, 2), (3, 4)",
        "TABLE pg_stat_archiver",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM"
            + " r",
        "SELECT state, count(*) AS sessions, max(EXTRACT(EPOCH FROM now() - xact_start)) AS oldest"
            + " FROM pg_stat_activity WHERE state IS NOT NULL GROUP BY state",
        "SELECT count(*) FILTER (WHERE state = 'active') AS active FROM pg_stat_activity",
        "SELECT datname, pg_database_size(datname) AS bytes FROM pg_database WHERE NOT"
            + " datistemplate",
        "SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS bytes FROM"
            + " pg_replication_slots",
        "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) AS lag",
        "SELECT mode, count(*) FROM pg_locks WHERE NOT granted GROUP BY mode",
        "SELECT s.relname, s.n_dead_tup FROM pg_stat_user_tables s ORDER BY s.n_dead_tup DESC LIMIT"
            + " 10",
        "SELECT pg_is_in_recovery()::int AS replica",
        "SELECT '{\"a\":1}'::jsonb ->> 'a'",
        "SELECT x FROM t WHERE x ~* 'a' AND y !~ 'b'",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t",
        "SELECT pg_sleep(1)",
        "SELECT txid_current()",
        "SELECT table_schema, SUM(data_length + index_length) AS bytes FROM"
            + " information_schema.tables GROUP BY table_schema",
        "SELECT COMMAND AS command, COUNT(*) AS threads FROM information_schema.PROCESSLIST GROUP"
            + " BY COMMAND",
        "SELECT IF(1 = 1, 'a', 'b') AS x",
        "SELECT TIMESTAMPDIFF(SECOND, '2020-01-01', NOW()) AS s",
        "SELECT `weird'name`, 1 FROM t",
        "SELECT SLEEP(1)",
        "SHOW GLOBAL STATUS",
        "SHOW GLOBAL VARIABLES LIKE 'max%'",
        "SHOW ENGINE INNODB STATUS",
        "SHOW ALL SLAVES STATUS",
        "SHOW max_connections",
        "SELECT 'a;b--c/*d#e$f' AS x",
        "SELECT \"odd--name\" FROM t",
        "SELECT 1 -- a comment\nFROM dual",
        "SELECT 1 /* a comment */ FROM dual",
        "SELECT lower(name) FROM t",
        "SELECT 1.5e-3, .5, 0x1F"
      })
  void acceptsWhatMonitoringNeeds(String sql) {
    SqlGuard.Verdict v = guard.check(sql, false);

    assertThat(v.reason()).as(sql).isEmpty();
    assertThat(v.accepted()).isTrue();
    assertThat(v.parsed()).isTrue();
  }

  @Test
  void aQueryTheParserCannotReadIsRefusedWithThePosition() {
    assertThat(guard.check("SELECT *\nFROM t WHERE a = (SELECT 1", false))
        .isEqualTo(
            new SqlGuard.Verdict(
                false,
                false,
                "the parser cannot read the query at line 2, column 26, unexpected end; to run it"
                    + " anyway, mark it unchecked (needs allowUncheckedQueries = true)",
                2,
                26));
  }

  @Test
  void anUncheckedQueryRunsWhenOnlyTheParserFailsOnIt() {
    String sql = "SELECT name FROM t WHERE name SOUNDS LIKE 'smith'";

    assertThat(guard.check(sql, false).reason())
        .startsWith("the parser cannot read the query at line 1, column 31, near \"SOUNDS\"");
    SqlGuard.Verdict unchecked = guard.check(sql, true);
    assertThat(unchecked.accepted()).isTrue();
    assertThat(unchecked.parsed()).isFalse();
  }

  @Test
  void anUncheckedQueryIsStillScannedForWritesAndLocks() {
    assertThat(guard.check("SELECT name SOUNDS LIKE 'a' INTO @x FROM t", true).reason())
        .isEqualTo("unchecked query contains INTO outside quotes");
    assertThat(
            guard
                .check("SELECT a FROM t WHERE a SOUNDS LIKE 'x' LOCK IN SHARE MODE", true)
                .reason())
        .isEqualTo("unchecked query contains LOCK outside quotes");
    assertThat(guard.check("SELECT a FROM t WHERE a SOUNDS LIKE 'x' FOR SHARE", true).reason())
        .isEqualTo("unchecked query contains FOR SHARE outside quotes");
    assertThat(guard.check("SELECT load_file('/etc/passwd') SOUNDS LIKE 'x'", true).reason())
        .startsWith("function load_file");
  }

  @Test
  void positionsPointIntoTheQuery() {
    SqlGuard.Verdict v = guard.check("SELECT a,\n       pg_read_file('x')\nFROM t", false);

    assertThat(v.line()).isEqualTo(2);
    assertThat(v.column()).isEqualTo(8);
  }
}
