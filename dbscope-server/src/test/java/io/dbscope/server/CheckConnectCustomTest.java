package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.PostgresFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dbscope check --connect} validates custom metrics without harming the database's other
 * sessions: it runs only the queries the SQL guard accepted, each as a scrape runs it, so a session
 * lock that a view takes is released before the next query runs; a query marked {@code unchecked}
 * is listed and not run; and the output says so.
 */
class CheckConnectCustomTest {

  @Test
  void checkRunsOnlyGuardedQueriesAndLeavesNoSessionStateBehind(@TempDir Path dir)
      throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().start()) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE FUNCTION take_lock(k int) RETURNS int LANGUAGE plpgsql"
                + " AS $$BEGIN PERFORM pg_advisory_lock(k); RETURN 1; END$$");
        st.execute("CREATE VIEW locker AS SELECT take_lock(99) AS n");
        st.execute("CREATE VIEW other_locker AS SELECT take_lock(77) AS n");
      }
      Files.writeString(
          dir.resolve("custom.toml"),
          """
          [[metric]]
          context = "unchecked_lock"
          request = "SELECT n FROM other_locker WHERE n OPERATOR(pg_catalog.=) 1"
          metricsdesc = { n = "Takes a lock too, in a syntax the guard cannot read." }
          unchecked = true

          [[metric]]
          context = "lock"
          request = "SELECT n FROM locker"
          metricsdesc = { n = "Takes a session lock behind a view." }

          [[metric]]
          context = "no_locks"
          request = "SELECT 1 AS n FROM pg_locks WHERE locktype = 'advisory' HAVING count(*) = 0"
          metricsdesc = { n = "A row only while no session holds an advisory lock." }
          """);
      Path cfg = dir.resolve("c.toml");
      Files.writeString(
          cfg,
          """
          allowUncheckedQueries = true

          [[datasource]]
          name = "pg"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          customMetricsFile = "custom.toml"
          """
              .formatted(pg.port()));

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      int exit = cl.execute("check", "--config", cfg.toString(), "--connect");

      assertThat(exit).as(out + "" + err).isZero();
      assertThat(out.toString())
          .contains(
              "each query the SQL guard accepted runs once, as a scrape runs it: in a read-only"
                  + " transaction that is rolled back, with the session reset afterwards")
          .contains("queries marked unchecked are not run");
      assertThat(out.toString().lines().filter(l -> l.startsWith("pg ") && l.contains("custom:")))
          .satisfiesExactly(
              l ->
                  assertThat(l)
                      .contains("custom:unchecked_lock")
                      .contains(" - ")
                      .endsWith(
                          "not run: unchecked (the engine's guard could not read the query, so check"
                              + " does not run it)"),
              l -> assertThat(l).contains("custom:lock").contains(" yes "),
              l -> assertThat(l).contains("custom:no_locks").contains(" yes "));
      try (Connection c = pg.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }
}
