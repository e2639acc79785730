package io.dbscope.engine.jdbc;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.contract.SqlContract;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL reached by the generic engine with pgjdbc loaded from a directory (not the copy
 * on the test's class path), under the neutral guard: 30 hostile statements are refused at load,
 * and pg_stat_statements shows that none reached the server.
 */
class JdbcEnginePgjdbcDirTest {
  @TempDir Path dir;

  record Canary(long rows, long sum, long seq, long locks, long tables) {}

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverReachTheServer() throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start();
        Connection admin = pg.connect();
        Statement st = admin.createStatement()) {
      for (String s :
          List.of(
              "CREATE EXTENSION pg_stat_statements",
              "CREATE TABLE queue (name varchar(20), depth int)",
              "INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
              "CREATE TABLE canary (id int)",
              "INSERT INTO canary VALUES (1), (2), (3)",
              "CREATE SEQUENCE canary_seq")) {
        st.execute(s);
      }
      List<String> hostile =
          List.of(
              "SELECT nextval('canary_seq') AS n",
              "SELECT setval('canary_seq', 1000) AS n",
              "SELECT pg_advisory_lock(42) AS n",
              "SELECT pg_try_advisory_lock(42)::int AS n",
              "SELECT pg_terminate_backend(pg_backend_pid())::int AS n",
              "SELECT pg_cancel_backend(1)::int AS n",
              "SELECT length(pg_read_file('/etc/hostname')) AS n FROM canary",
              "SELECT lo_import('/etc/hostname')::int AS n",
              "SELECT pg_sleep(10)::int AS n FROM canary",
              "SELECT set_config('work_mem', '1GB', false) AS n",
              "SELECT pg_stat_reset()::text AS n",
              "SELECT count(*) AS n FROM canary; DELETE FROM canary",
              "SELECT count(*) AS n FROM canary FOR UPDATE",
              "SELECT * INTO canary_copy FROM canary",
              "WITH d AS (DELETE FROM canary RETURNING id) SELECT count(*) AS n FROM d",
              "INSERT INTO canary VALUES (5)",
              "UPDATE canary SET id = 0",
              "DELETE FROM canary",
              "TRUNCATE canary",
              "DROP TABLE canary",
              "CREATE TABLE canary_new (a int)",
              "ALTER TABLE canary ADD COLUMN b int",
              "COPY canary TO '/tmp/dbscope-canary'",
              "DO $$ BEGIN DELETE FROM canary; END $$",
              "CALL canary_proc()",
              "SET work_mem = '1GB'",
              "LOCK TABLE canary",
              "VACUUM canary",
              "LISTEN canary",
              "NOTIFY canary");
      DatasourceBuilder ds =
          DatasourceConfig.builder("pgdir", "jdbc")
              .url(URI.create(pg.jdbcUrl("postgres")))
              .user(pg.user())
              .options(
                  EngineOptions.none()
                      .with(JdbcOptions.DRIVER_PATH, Optional.of(TestDrivers.dir("pgjdbc"))));

      HostileStatements.refusedAndNeverRun(
          dir,
          ds,
          hostile,
          "SELECT sum(depth) AS n FROM queue",
          16,
          () -> canary(pg),
          new HostileStatements.StatementLog() {
            @Override
            public void forget() throws Exception {
              try (Connection c = pg.connect();
                  Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_statements_reset()");
              }
            }

            /**
             * pg_stat_statements keeps constants as parameters: the asking query does not match.
             */
            @Override
            public long seen(String fragment) throws Exception {
              try (Connection c = pg.connect()) {
                return SqlContract.count(
                    c,
                    "SELECT count(*) FROM pg_stat_statements WHERE strpos(query, '"
                        + fragment
                        + "') > 0");
              }
            }
          });
    }
  }

  private static Canary canary(PostgresFixture pg) throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM canary), (SELECT coalesce(sum(id), 0) FROM canary),"
                    + " (SELECT last_value FROM canary_seq), (SELECT count(*) FROM pg_locks"
                    + " WHERE locktype = 'advisory'), (SELECT count(*) FROM pg_tables WHERE"
                    + " schemaname = 'public')")) {
      rs.next();
      return new Canary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }
  }
}
