package io.dbscope.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.testkit.MariaDbFixture;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB (Debian's server through the test kit's fixture) reached by the generic engine with
 * mariadb-java-client loaded from a directory, not the {@code mysql} engine: the neutral guard, not
 * the MySQL dialect, refuses the hostile statements, and the server's general query log shows that
 * none of them reached it.
 */
class JdbcEngineMariaDbTest {
  @TempDir Path dir;

  record Canary(long rows, long sum, long tables, long seq, boolean lock) {}

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverReachTheServer() throws Exception {
    try (MariaDbFixture db = MariaDbFixture.builder().start();
        URLClassLoader l = TestDrivers.loader("mariadb")) {
      String admin = db.jdbcUrl("mysql");
      TestDrivers.sql(
          l,
          "org.mariadb.jdbc.Driver",
          admin,
          db.user(),
          "CREATE DATABASE app",
          "CREATE TABLE app.queue (name VARCHAR(20), depth INT) ENGINE=InnoDB",
          "INSERT INTO app.queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
          "CREATE TABLE app.canary (id INT) ENGINE=InnoDB",
          "INSERT INTO app.canary VALUES (1), (2), (3)",
          "CREATE SEQUENCE app.canary_seq",
          "SET GLOBAL log_output = 'TABLE'",
          "SET GLOBAL general_log = 'ON'");
      List<String> hostile =
          List.of(
              "SELECT id AS n FROM app.canary INTO OUTFILE '/tmp/dbscope-canary'",
              "SELECT id INTO @canary FROM app.canary LIMIT 1",
              "SELECT NEXTVAL(app.canary_seq) AS n",
              "SELECT NEXT VALUE FOR app.canary_seq AS n",
              "SELECT SETVAL(app.canary_seq, 1000) AS n",
              "SELECT GET_LOCK('canary', 0) AS n",
              "SELECT LENGTH(LOAD_FILE('/etc/hostname')) AS n FROM app.canary",
              "SELECT BENCHMARK(1000000, MD5('canary')) AS n",
              "SELECT COUNT(*) AS n FROM app.canary; DELETE FROM app.canary",
              "SELECT COUNT(*) AS n FROM app.canary /*!50000 , (SELECT GET_LOCK('canary', 0)) */",
              "SELECT COUNT(*) AS n FROM app.canary # , (SELECT 1)",
              "SELECT COUNT(*) AS n FROM app.canary FOR UPDATE",
              "DO GET_LOCK('canary', 0)",
              "CALL app.canary_proc()",
              "SET @canary = 1",
              "LOAD DATA INFILE '/etc/hostname' INTO TABLE app.canary",
              "HANDLER app.canary OPEN",
              "KILL 1",
              "SELECT @canary := COUNT(*) AS n FROM app.canary",
              "INSERT INTO app.canary VALUES (5)",
              "REPLACE INTO app.canary VALUES (5)",
              "UPDATE app.canary SET id = 0",
              "DELETE FROM app.canary",
              "TRUNCATE app.canary",
              "CREATE TABLE app.canary_new (a INT)",
              "DROP TABLE app.canary",
              "SELECT sys_exec('touch /tmp/canary') AS n",
              "SHOW STATUS WHERE Variable_name = 'canary'",
              "EXPLAIN DELETE FROM app.canary",
              "SELECT SLEEP(1) AS n FROM app.canary");
      DatasourceBuilder ds =
          DatasourceConfig.builder("maria", "jdbc")
              .url(URI.create(db.jdbcUrl("app")))
              .user(db.user())
              .options(
                  EngineOptions.none()
                      .with(JdbcOptions.DRIVER_PATH, Optional.of(TestDrivers.dir("mariadb"))));

      HostileStatements.refusedAndNeverRun(
          dir,
          ds,
          hostile,
          "SELECT sum(depth) AS n FROM app.queue",
          16,
          () -> canary(l, admin, db.user()),
          new GeneralLog(l, admin, db.user()));
    }
  }

  /** The server's {@code mysql.general_log} table; the asking query splits the fragment. */
  private record GeneralLog(ClassLoader l, String url, String user)
      implements HostileStatements.StatementLog {
    @Override
    public void forget() throws Exception {
      TestDrivers.sql(l, "org.mariadb.jdbc.Driver", url, user, "TRUNCATE mysql.general_log");
    }

    @Override
    public long seen(String fragment) throws Exception {
      int half = fragment.length() / 2;
      return first(
          l,
          url,
          user,
          "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query'"
              + " AND INSTR(CONVERT(argument USING utf8mb4), CONCAT('"
              + fragment.substring(0, half)
              + "', '"
              + fragment.substring(half)
              + "')) > 0")[0];
    }
  }

  private static Canary canary(ClassLoader l, String url, String user) throws Exception {
    long[] v =
        first(
            l,
            url,
            user,
            "SELECT (SELECT COUNT(*) FROM app.canary), (SELECT COALESCE(SUM(id), 0) FROM"
                + " app.canary), (SELECT COUNT(*) FROM information_schema.TABLES WHERE"
                + " TABLE_SCHEMA = 'app'), (SELECT next_not_cached_value FROM app.canary_seq),"
                + " IS_USED_LOCK('canary') IS NOT NULL");
    return new Canary(v[0], v[1], v[2], v[3], v[4] != 0);
  }

  private static long[] first(ClassLoader l, String url, String user, String sql) throws Exception {
    Driver d =
        (Driver)
            Class.forName("org.mariadb.jdbc.Driver", true, l)
                .getDeclaredConstructor()
                .newInstance();
    Properties p = new Properties();
    p.setProperty("user", user);
    try (Connection c = d.connect(url, p);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long[] out = new long[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getLong(i + 1);
      }
      assertThat(rs.next()).isFalse();
      return out;
    }
  }
}
