package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
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
 * Functions that run SQL given as text, and the forms that call a function without writing {@code
 * name(}, against a real PostgreSQL with tablefunc and xml2 installed: a query through {@code
 * crosstab}, {@code connectby}, {@code xpath_table} or a PL/pgSQL function that {@code EXECUTE}s
 * its argument would keep an advisory lock on the pooled connection or terminate another session,
 * and so would {@code (value).pg_advisory_lock}, {@code g.pg_advisory_lock} over {@code FROM
 * generate_series(…) g} and a name spelled with Unicode escapes. Each is refused when its file is
 * loaded (deny by default: only functions known to be read-only may be called) and leaves no trace
 * on the server; run directly, the same statements do take the lock and end the session.
 */
class PostgresSqlTextFunctionsTest {
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
        "CREATE EXTENSION tablefunc",
        "CREATE EXTENSION xml2",
        "CREATE TABLE canary_tree (id int, parent int)",
        "INSERT INTO canary_tree VALUES (1, NULL), (2, 1)",
        "CREATE TABLE canary_docs (id int, doc text)",
        "INSERT INTO canary_docs VALUES (1, '<a>1</a>')",
        "CREATE FUNCTION canary_run(q text) RETURNS int LANGUAGE plpgsql"
            + " AS 'BEGIN EXECUTE q; RETURN 1; END'");
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

  /** Hostile statements, each with a part of the reason it is refused with. */
  static Map<String, String> hostile() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "SELECT count(*) AS n FROM crosstab('SELECT 1::text, 1::text, pg_advisory_lock(4243)::text"
            + " FROM canary_tree LIMIT 1') AS t(a text, b text)",
        "function crosstab runs SQL given as text");
    m.put(
        "SELECT count(*) AS n FROM crosstab('SELECT 1::text, 1::text,"
            + " pg_terminate_backend(pid)::text FROM pg_stat_activity, canary_tree"
            + " WHERE application_name = ''canary_victim'' LIMIT 1') AS t(a text, b text)",
        "function crosstab runs SQL given as text");
    m.put(
        "SELECT count(*) AS n FROM connectby('(SELECT id, parent FROM canary_tree"
            + " WHERE pg_advisory_lock(4244) IS NOT NULL) s', 'id', 'parent', '1', 0)"
            + " AS t(id int, parent int, level int)",
        "function connectby runs SQL given as text");
    m.put(
        "SELECT count(*) AS n FROM xpath_table('id', 'doc', 'canary_docs', '/a',"
            + " 'pg_advisory_lock(4245) IS NOT NULL') AS t(id int, a text)",
        "function xpath_table runs SQL given as text");
    m.put(
        "SELECT canary_run('SELECT pg_advisory_lock(4246)') AS n",
        "function canary_run is not an allowed function");
    m.put(
        "SELECT public.canary_run('SELECT pg_advisory_lock(4246)') AS n",
        "function public.canary_run is not an allowed function");
    m.put(
        "SELECT ('SELECT pg_advisory_lock(4247) FROM canary_tree LIMIT 1'::text).canary_run AS n",
        "(…).canary_run");
    m.put("SELECT (4248::bigint).pg_advisory_lock IS NULL AS n", "(…).pg_advisory_lock");
    m.put(
        "SELECT g.pg_advisory_lock IS NULL AS n FROM generate_series(4249::bigint, 4249) g",
        "g.pg_advisory_lock");
    m.put(
        "SELECT count(*) AS n FROM canary_tree WHERE U&\"!0070g_advisory_lock\" UESCAPE '!'"
            + " (4250) IS NULL",
        "Unicode escapes");
    return m;
  }

  @Test
  void functionsThatRunSqlTextAndHiddenCallsAreRefusedAndNeverReachTheServer() throws Exception {
    Map<String, String> hostile = hostile();
    List<Path> files = new ArrayList<>();
    int i = 0;
    for (String sql : hostile.keySet()) {
      files.add(write("text-" + i + ".toml", metric("text_" + i, sql)));
      i++;
    }
    // Unchecked, the parser does not vouch for the text: the lexical layer must refuse alone.
    Path unchecked =
        write(
            "unchecked.toml",
            metric(
                    "unchecked_escape",
                    "SELECT U&\"!0070g_advisory_lock\" UESCAPE '!' (4251) IS NULL AS n FROM"
                        + " canary_tree")
                + "unchecked = true\n");
    files.add(unchecked);
    Path good =
        write(
            "good.toml",
            metric("good", "SELECT count(*) AS n FROM pg_stat_activity WHERE pid <> 0"));
    files.add(good);

    try (Connection victim =
            DriverManager.getConnection(
                pg.jdbcUrl("postgres") + "?ApplicationName=canary_victim", pg.user(), "");
        MonitoredDatasource ds = datasource(cfg(files))) {
      sql("SELECT pg_stat_statements_reset()");
      List<FileStatus> status = ds.custom().files();
      List<String> reasons = new ArrayList<>(hostile.values());
      reasons.add("Unicode escapes");
      for (int k = 0; k < reasons.size(); k++) {
        assertThat(status.get(k).metrics()).as(files.get(k).toString()).isEmpty();
        assertThat(status.get(k).refused()).as(files.get(k).toString()).hasSize(1);
        assertThat(status.get(k).problems())
            .singleElement()
            .asString()
            .startsWith(files.get(k) + ":")
            .contains(": refused: ")
            .contains(reasons.get(k));
      }

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "pg", "custom:good")).isEqualTo(1);
      assertThat(advisoryLocks()).as("advisory locks held").isZero();
      assertThat(victim.isValid(2)).as("the victim session was not terminated").isTrue();
      assertThat(count("SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%canary%'"))
          .as("statements on the canaries that reached the server")
          .isZero();
    }

    // The canaries are not blind: run directly, the same statements take the lock and end the
    // victim's session.
    try (Connection victim =
            DriverManager.getConnection(
                pg.jdbcUrl("postgres") + "?ApplicationName=canary_victim", pg.user(), "");
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      List<String> direct = new ArrayList<>(hostile.keySet());
      for (String sql : List.of(direct.get(0), direct.get(2), direct.get(3), direct.get(4))) {
        st.execute(sql);
        assertThat(advisoryLocks()).as(sql).isEqualTo(1);
        st.execute("SELECT pg_advisory_unlock_all()");
      }
      for (String sql : direct.subList(6, 10)) {
        st.execute(sql);
        assertThat(advisoryLocks()).as(sql).isEqualTo(1);
        st.execute("SELECT pg_advisory_unlock_all()");
      }
      st.execute(direct.get(1));
      assertThat(victim.isValid(2)).as("the victim session was terminated").isFalse();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  static String metric(String context, String sql) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\n"
        + "metricsdesc = { n = \"N.\" }\n";
  }

  static Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static DatasourceConfig cfg(List<Path> files) {
    return DatasourceConfig.builder("pg", "postgres")
        .host(pg.host())
        .port(pg.port())
        .user(pg.user())
        .queryTimeout(Duration.ofSeconds(5))
        .registerDatabaseMetrics(false)
        .customMetricsFiles(files)
        .build();
  }

  static MonitoredDatasource datasource(DatasourceConfig cfg) {
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(true));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  static long advisoryLocks() throws SQLException {
    return count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");
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
