package io.dbscope.engine.sql.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.dbscope.sql.AllowedFunctions;
import io.dbscope.sql.SqlDialect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard alone, on text: every hostile statement is refused with its reason, and the queries
 * that monitoring needs on PostgreSQL and MySQL/MariaDB pass in their dialect. The real-server
 * tests in the engine modules prove that refused statements never reach a database.
 */
class SqlGuardTest {
  /** The guard of an engine whose dialect is unknown: the strictest. */
  private final SqlGuard guard = new SqlGuard();

  private final SqlGuard postgres = new SqlGuard(SqlDialect.POSTGRES, new AllowedFunctions());
  private final SqlGuard mysql = new SqlGuard(SqlDialect.MYSQL, new AllowedFunctions());

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
        arguments("SELECT 1 FROM t PROCEDURE ANALYSE()", "function ANALYSE is not an allowed"),
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

  /** Read the same way by every server: accepted whatever the dialect. */
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
        "SELECT mode, count(*) FROM pg_locks WHERE NOT granted GROUP BY mode",
        "SELECT s.relname, s.n_dead_tup FROM pg_stat_user_tables s ORDER BY s.n_dead_tup DESC LIMIT"
            + " 10",
        "SELECT table_schema, SUM(data_length + index_length) AS bytes FROM"
            + " information_schema.tables GROUP BY table_schema",
        "SELECT COMMAND AS command, COUNT(*) AS threads FROM information_schema.PROCESSLIST GROUP"
            + " BY COMMAND",
        "SELECT SUM(CASE WHEN table_type = 'BASE TABLE' THEN 1 ELSE 0 END) AS tables FROM"
            + " information_schema.tables",
        "SELECT coalesce(max(a), 0), round(avg(b), 2), greatest(1, 2), lower(name) FROM t",
        "SELECT 'a;b--c/*d#e$f' AS x",
        "SELECT \"odd--name\" FROM t",
        "SELECT 1 -- a comment\nFROM dual",
        "SELECT 1 /* a comment */ FROM dual",
        "SELECT 1.5e-3, .5, 0x1F",
        "SELECT a FROM t WHERE a IN (1, 2) AND EXISTS (SELECT 1) AND b = ANY (SELECT 1)",
        "SELECT a FROM t WHERE b BETWEEN (1) AND (2) AND NOT (c = 1) OR (d = 2)",
        "SELECT CASE (a) WHEN 1 THEN (2) ELSE (3) END FROM t",
        "SELECT a FROM t WHERE b LIKE ('%' || c)",
        "SELECT a FROM t LEFT JOIN (SELECT 1 AS x) q ON (q.x = t.a) JOIN u USING (a)",
        "SELECT 1 UNION (SELECT 2)",
        "SELECT count(*) OVER (PARTITION BY a ORDER BY b), row_number() OVER (ORDER BY a) FROM t",
        "SELECT CAST(x AS DECIMAL(10, 2)), CAST(y AS CHAR(3)) FROM t"
      })
  void acceptsWhatMonitoringNeedsOnAnyServer(String sql) {
    SqlGuard.Verdict v = guard.check(sql, false);

    assertThat(v.reason()).as(sql).isEmpty();
    assertThat(v.accepted()).isTrue();
    assertThat(v.parsed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT state, count(*) AS sessions, max(EXTRACT(EPOCH FROM now() - xact_start)) AS oldest"
            + " FROM pg_stat_activity WHERE state IS NOT NULL GROUP BY state",
        "SELECT count(*) FILTER (WHERE state = 'active') AS active FROM pg_stat_activity",
        "SELECT datname, pg_database_size(datname) AS bytes FROM pg_database WHERE NOT"
            + " datistemplate",
        "SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS bytes FROM"
            + " pg_replication_slots",
        "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) AS lag",
        "SELECT pg_is_in_recovery()::int AS replica",
        "SELECT '{\"a\":1}'::jsonb ->> 'a'",
        "SELECT x FROM t WHERE x ~* 'a' AND y !~ 'b'",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t",
        "SELECT pg_sleep(1)",
        "SELECT txid_current()",
        "SHOW max_connections",
        "SELECT pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(current_database()))",
        "SELECT \"lower\"(name), PG_CATALOG.LOWER(name) FROM t",
        "SELECT current_setting('max_connections')::int, version()",
        "SELECT count(*) FROM pg_stat_activity WHERE pg_stat_get_backend_pid(1) IS NOT NULL",
        "SELECT checkpoint_lsn FROM pg_control_checkpoint()",
        "SELECT ARRAY(SELECT 1), ROW(1, 2) = ROW(1, 2), a = ANY (ARRAY[1, 2]) FROM t",
        "SELECT CAST(x AS numeric(10, 2)), x::varchar(3), x::character varying(5),"
            + " CAST(y AS timestamp(3) with time zone) FROM t",
        "SELECT g.n FROM generate_series(1, 3) AS g(n)",
        "SELECT n FROM generate_series(1, 3) g(n)",
        "SELECT g, g.g FROM generate_series(1, 3) g",
        "SELECT g.n, t.a FROM t JOIN generate_series(1, 3) AS g(n) ON g.n = t.a",
        "SELECT u.v, u.i FROM t, LATERAL unnest(t.a) WITH ORDINALITY AS u(v, i)",
        "SELECT count(*) s FROM pg_stat_user_tables s WHERE s.n_live_tup > 0",
        "WITH cte(a, b) AS (SELECT 1, 2), d(x) AS MATERIALIZED (SELECT 1),"
            + " e(y) AS NOT MATERIALIZED (SELECT 2) SELECT a, b, x, y FROM cte, d, e",
        "SELECT a FROM t WHERE b ILIKE ANY (ARRAY['x%']) AND c LIKE ('%' || d)",
        "SELECT a, count(*) FROM t GROUP BY ROLLUP (a)",
        "SELECT a, count(*) FROM t GROUP BY GROUPING SETS ((a), ())",
        "SELECT DISTINCT ON (a) a FROM t ORDER BY a",
        "SELECT x FROM t WHERE (a, b) OVERLAPS (c, d)",
        "SELECT a FROM t TABLESAMPLE SYSTEM (10)"
      })
  void acceptsWhatMonitoringNeedsOnPostgres(String sql) {
    SqlGuard.Verdict v = postgres.check(sql, false);

    assertThat(v.reason()).as(sql).isEmpty();
    assertThat(v.accepted()).isTrue();
    assertThat(v.parsed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT IF(1 = 1, 'a', 'b') AS x",
        "SELECT TIMESTAMPDIFF(SECOND, '2020-01-01', NOW()) AS s",
        "SELECT `weird'name`, 1 FROM t",
        "SELECT SLEEP(1)",
        "SHOW GLOBAL STATUS",
        "SHOW GLOBAL VARIABLES LIKE 'max%'",
        "SHOW ENGINE INNODB STATUS",
        "SHOW ALL SLAVES STATUS",
        "SELECT IFNULL(a, 0), CONCAT(a, b), UNIX_TIMESTAMP(NOW()), GROUP_CONCAT(c) FROM t",
        "SELECT CONVERT(x, SIGNED), CAST(y AS CHAR(10)), CONCAT (a, b) FROM t",
        "SELECT COALESCE(MAX(TIMESTAMPDIFF(SECOND, trx_started, NOW())), 0) AS oldest FROM"
            + " information_schema.INNODB_TRX",
        "SELECT 1 FROM t WHERE @@global.read_only = 0",
        "SELECT @@global.read_only = 0 AS writable, @@read_only <> 1",
        "WITH cte (a, b) AS (SELECT 1, 2) SELECT a FROM cte",
        "SELECT MATCH (a) AGAINST ('x') FROM t",
        "SELECT ROW_NUMBER() OVER (ORDER BY a) FROM t"
      })
  void acceptsWhatMonitoringNeedsOnMysql(String sql) {
    SqlGuard.Verdict v = mysql.check(sql, false);

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
  void anOperatorNamedInPgCatalogIsNotACallButAnyOtherSchemaIs() {
    SqlGuard.Verdict catalog =
        postgres.check("SELECT n FROM v WHERE n OPERATOR(pg_catalog.=) 1", true);
    assertThat(catalog.accepted()).as(catalog.reason()).isTrue();
    assertThat(postgres.check("SELECT n FROM v WHERE n OPERATOR(public.===) 1", true).accepted())
        .isFalse();
    assertThat(postgres.check("SELECT OPERATOR(pg_catalog.=)", true).accepted()).isFalse();
    assertThat(mysql.check("SELECT n FROM v WHERE n OPERATOR(pg_catalog.=) 1", true).accepted())
        .isFalse();
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

  // ---- deny by default, hidden calls, bounds (issue 13) -----------------------------------------

  /** Queries through functions that run SQL given as text or are not known to be read-only. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT * FROM crosstab('SELECT 1, 2, pg_advisory_lock(1)') AS t(a text, b text)",
        "SELECT * FROM crosstab3('SELECT 1, 2, 3') AS t(a text, b text, c text, d text)",
        "SELECT * FROM connectby('t', 'id', 'parent', '1', 0) AS t(id int, p int, l int)",
        "SELECT * FROM xpath_table('id', 'doc', 'docs', '/a', 'true') AS t(id int, a text)",
        "SELECT my_exec('SELECT pg_terminate_backend(1)')",
        "SELECT public.lower('x')",
        "SELECT \"Lower\"('x')",
        "SELECT 1 FROM t WHERE a = some_extension_function(b)"
      })
  void functionsNotKnownToBeReadOnlyAreRefused(String sql) {
    assertThat(guard.check(sql, false).accepted()).as(sql).isFalse();
    assertThat(guard.check(sql, true).accepted()).as("unchecked: %s", sql).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT U&\"!0070g_read_file\" UESCAPE '!' ('/etc/passwd')",
        "SELECT u&\"pg_read_file\"('/etc/passwd')",
        "SELECT U&'!0041' UESCAPE '!'",
        "SELECT 1 UESCAPE '!'"
      })
  void unicodeEscapesAreRefusedEvenUnchecked(String sql) {
    assertThat(guard.check(sql, false).reason()).as(sql).contains("Unicode escapes");
    assertThat(guard.check(sql, true).reason()).as(sql).contains("Unicode escapes");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT (4242::bigint).pg_advisory_lock",
        "SELECT ('x'::text).my_exec",
        "SELECT (a[1]).my_exec FROM t",
        "SELECT g.pg_advisory_lock FROM generate_series(1, 2) g",
        "SELECT g.my_exec FROM generate_series(1, 2) AS g(n)",
        "SELECT generate_series.my_exec FROM generate_series(1, 2)",
        "SELECT u.my_exec FROM t, LATERAL unnest(t.a) WITH ORDINALITY AS u(v, i)"
      })
  void attributeNotationCallsAreRefusedEvenUnchecked(String sql) {
    assertThat(guard.check(sql, false).accepted()).as(sql).isFalse();
    assertThat(guard.check(sql, true).accepted()).as("unchecked: %s", sql).isFalse();
  }

  @Test
  void deeplyNestedOrLongQueriesAreRefusedBeforeTheParserSeesThem() {
    String deep = "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000);
    long t0 = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(guard.check(deep, false).reason()).startsWith("nested more than 32 levels deep");
    }
    assertThat(System.nanoTime() - t0).as("five refusals, in ns").isLessThan(1_000_000_000L);
    String wide = "SELECT " + "1 + ".repeat(2100) + "1";
    assertThat(guard.check(wide, false).reason()).startsWith("more than 4096 tokens");
    String big = "SELECT '" + "x".repeat(70_000) + "'";
    assertThat(guard.check(big, false).reason()).startsWith("longer than 65536 characters");
  }

  @Test
  void aComparisonWithASystemVariableIsNotAnAssignment() {
    for (String sql :
        List.of(
            "SELECT 1 WHERE @@global.read_only = 0",
            "SELECT @@global.read_only = 0 AS writable",
            "SELECT 1 FROM t WHERE @x = 1")) {
      SqlGuard.Verdict v = guard.check(sql, false);
      assertThat(v.reason()).as(sql).isEmpty();
      assertThat(v.accepted()).isTrue();
    }
    assertThat(guard.check("SELECT @a := 1", false).reason()).startsWith("assigning a variable");
    assertThat(guard.check("SELECT 1 FROM t WHERE (@a := 1) SOUNDS LIKE 'x'", true).reason())
        .isEqualTo("unchecked query contains := outside quotes");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT count (1) FROM t",
        "SELECT count/**/(1) FROM t",
        "SELECT `count`(1) FROM t",
        "SELECT `lower`(a) FROM t",
        "SELECT app.f(1)",
        "SELECT `app`.`lower`(a) FROM t",
        "SELECT lateral(1)",
        "SELECT array(1)",
        "SELECT format_bytes(1)",
        "SELECT crosstab('SELECT 1')",
        "SELECT last_insert_id(1)",
        "SELECT nextval(s)"
      })
  void mysqlRefusesCallsThatMayReachAStoredFunction(String sql) {
    assertThat(mysql.check(sql, false).accepted()).as(sql).isFalse();
    assertThat(mysql.check(sql, true).accepted()).as("unchecked: %s", sql).isFalse();
  }

  @Test
  void mysqlSaysWhyASpacedOrQuotedBuiltInIsRefused() {
    assertThat(mysql.check("SELECT count (1) FROM t", false).reason())
        .isEqualTo(
            "count ( with a space or comment before '(' calls a stored function named count on"
                + " MySQL and MariaDB, not the built-in; write count( unquoted, with nothing"
                + " between");
    assertThat(mysql.check("SELECT `COUNT`(1) FROM t", false).reason())
        .startsWith("`COUNT`( quoted calls a stored function named count");
    assertThat(mysql.check("SELECT app.f(1)", false).reason())
        .isEqualTo(
            "function app.f is not an allowed function: a name qualified with a schema runs only"
                + " when allowedFunctions names it exactly");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT \"Lower\"(a) FROM t",
        "SELECT public.lower(a) FROM t",
        "SELECT pg_catalog.public.lower(a) FROM t",
        "SELECT postgres.pg_catalog.lower(a) FROM t",
        "SELECT ifnull(a, 0) FROM t",
        "SELECT (pg_control_checkpoint()).checkpoint_lsn",
        "SELECT a.pid FROM pg_stat_get_activity(NULL) a",
        "SELECT r.pg_terminate_backend FROM ROWS FROM (generate_series(1, 2)) r",
        "SELECT like('a', 'b')",
        "SELECT over(1)",
        "SELECT sets(1)",
        "SELECT t.a FROM t a(x)",
        "SELECT rollup(1), cube(2)"
      })
  void postgresRefusesNamesOutsideItsList(String sql) {
    assertThat(postgres.check(sql, false).accepted()).as(sql).isFalse();
    assertThat(postgres.check(sql, true).accepted()).as("unchecked: %s", sql).isFalse();
  }

  @Test
  void postgresSaysHowToReadAFieldWithoutAttributeNotation() {
    assertThat(postgres.check("SELECT (pg_control_checkpoint()).checkpoint_lsn", false).reason())
        .isEqualTo(
            "(…).checkpoint_lsn: PostgreSQL reads (value).checkpoint_lsn as a call of"
                + " checkpoint_lsn(value) when the value has no field of that name, and function"
                + " checkpoint_lsn is not an allowed function: only functions known to be"
                + " read-only on PostgreSQL may be called (docs/custom-metrics.md lists them); if"
                + " it only reads, name it in the global allowedFunctions; to read a field, select"
                + " it unqualified from the function in FROM");
    assertThat(
            postgres
                .check("SELECT g.pg_advisory_lock FROM generate_series(1, 2) g", false)
                .reason())
        .startsWith(
            "g.pg_advisory_lock: g is a function in FROM, and PostgreSQL reads g.pg_advisory_lock"
                + " as a call of pg_advisory_lock(g) when g has no column of that name, and"
                + " function pg_advisory_lock takes a lock that outlives the query; name the"
                + " column in the alias (AS g(pg_advisory_lock, …)) or write it unqualified");
  }

  @Test
  void theOperatorAllowsFunctionsByNameAsTheServerFoldsThem() {
    AllowedFunctions allowed =
        new AllowedFunctions(
            List.of(
                "crosstab", "public.canary_run", "\"MyFunc\"", "app.Queue_Depth", "pg_ls_waldir"));
    SqlGuard pg = new SqlGuard(SqlDialect.POSTGRES, allowed);
    SqlGuard my = new SqlGuard(SqlDialect.MYSQL, allowed);

    for (String sql :
        List.of(
            "SELECT * FROM crosstab('SELECT 1, 2, 3') AS t(a text, b text)",
            "SELECT public.canary_run('x')",
            "SELECT PUBLIC.CANARY_RUN('x')",
            "SELECT \"MyFunc\"(1)",
            "SELECT sum(size) FROM pg_ls_waldir()",
            "SELECT ('x'::text).crosstab",
            "SELECT app.queue_depth()")) {
      assertThat(pg.check(sql, false).reason()).as(sql).isEmpty();
    }
    for (String sql :
        List.of("SELECT canary_run('x')", "SELECT myfunc(1)", "SELECT app.\"Queue_Depth\"()")) {
      assertThat(pg.check(sql, false).accepted()).as(sql).isFalse();
    }
    for (String sql :
        List.of("SELECT app.queue_depth()", "SELECT `APP`.`queue_depth` ()", "SELECT myfunc(1)")) {
      assertThat(my.check(sql, false).reason()).as(sql).isEmpty();
    }
    assertThat(my.check("SELECT queue_depth()", false).accepted()).isFalse();
  }

  @Test
  void allowedFunctionsTakesNamesAsWrittenInAQuery() {
    for (String ok : List.of("crosstab", "public.crosstab", "\"My Func\"", "`db`.`f`", "a.b.c")) {
      assertThat(AllowedFunctions.isFunctionName(ok)).as(ok).isTrue();
    }
    for (String bad :
        List.of("crosstab()", "pg_stat_get_*", "a..b", ".a", "a.", "1a", "a b", "U&\"x\"", "")) {
      assertThat(AllowedFunctions.isFunctionName(bad)).as(bad).isFalse();
    }
  }

  /** The reason is logged and printed by check: it names where, never a literal of the query. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("literalsAtParseErrors")
  void aParseErrorNamesNoLiteralOfTheQuery(String sql, String near) {
    for (SqlGuard g : List.of(guard, postgres, mysql)) {
      String reason = g.check(sql, false).reason();

      assertThat(reason).contains("near " + near).doesNotContain("hunter2").doesNotContain("4711");
    }
  }

  static List<Arguments> literalsAtParseErrors() {
    return List.of(
        arguments("SELECT a FROM t WHERE a 'hunter2'", "a string literal"),
        arguments("SELECT a FROM t WHERE a = 'x' 'hunter2'", "a string literal"),
        arguments("SELECT a FROM t WHERE a E'hunter2'", "a string literal"),
        arguments("SELECT a FROM t WHERE a 4711", "a number"));
  }
}
