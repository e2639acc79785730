package io.dbscope.engine.jdbc;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.testkit.FreePort;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * HSQLDB 2.7.4 as a real network server (its {@code org.hsqldb.server.Server}, started from the
 * same jar in a class loader of the test's own, on a free loopback port) and the generic engine
 * with its driver loaded from a directory. The server's SQL event log ({@code SET DATABASE EVENT
 * LOG SQL LEVEL 3}, file {@code <database>.sql.log}) tells which statements reached it.
 */
class JdbcEngineHsqldbTest {
  @TempDir Path dir;

  record Canary(long rows, long sum, long tables, long users, boolean files) {}

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverReachTheServer() throws Exception {
    int port = FreePort.find();
    Path data = dir.resolve("data/app");
    Path out = dir.resolve("out.sql");
    Path backup = dir.resolve("backup");
    try (URLClassLoader l = TestDrivers.loader("hsqldb")) {
      Object server = start(l, data, port);
      String url = "jdbc:hsqldb:hsql://127.0.0.1:" + port + "/app";
      try {
        TestDrivers.sql(
            l,
            "org.hsqldb.jdbc.JDBCDriver",
            url,
            "SA",
            "CREATE TABLE queue (name VARCHAR(20), depth INT)",
            "INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
            "CREATE TABLE canary (id INT)",
            "INSERT INTO canary VALUES (1), (2), (3)",
            "CREATE SEQUENCE canary_seq",
            "SET DATABASE EVENT LOG SQL LEVEL 3");
        Path log = Path.of(data + ".sql.log");
        List<String> hostile =
            List.of(
                "SELECT LOAD_FILE('/etc/hostname') AS n FROM canary",
                "CALL LOAD_FILE('/etc/hostname')",
                "SCRIPT '" + out + "'",
                "BACKUP DATABASE TO '" + backup + "/' BLOCKING",
                "CHECKPOINT",
                "CHECKPOINT DEFRAG",
                "SHUTDOWN",
                "SHUTDOWN IMMEDIATELY",
                "SET DATABASE EVENT LOG SQL LEVEL 0",
                "SET FILES LOG FALSE",
                "SET PASSWORD 'canary'",
                "CREATE USER canary_u PASSWORD 'x'",
                "GRANT DBA TO PUBLIC",
                "DROP TABLE canary",
                "CREATE TABLE canary_new (a INT)",
                "ALTER TABLE canary ADD COLUMN b INT",
                "INSERT INTO canary VALUES (5)",
                "UPDATE canary SET id = 0",
                "DELETE FROM canary",
                "TRUNCATE TABLE canary",
                "MERGE INTO canary USING (VALUES(1)) AS v(x) ON canary.id = v.x"
                    + " WHEN MATCHED THEN DELETE",
                "SELECT NEXT VALUE FOR canary_seq AS n FROM canary",
                "CALL NEXT VALUE FOR canary_seq",
                "SELECT count(*) AS n FROM canary; DELETE FROM canary",
                "SELECT count(*) AS n FROM canary FOR UPDATE",
                "DECLARE LOCAL TEMPORARY TABLE canary_t (a INT)",
                "SET SESSION AUTHORIZATION 'canary'",
                "SAVEPOINT canary",
                "COMMIT",
                "SELECT canary_fn() AS n FROM canary");
        DatasourceBuilder ds =
            DatasourceConfig.builder("hsql", "jdbc")
                .url(URI.create(url))
                .user("SA")
                .options(
                    EngineOptions.none()
                        .with(JdbcOptions.DRIVER_PATH, Optional.of(TestDrivers.dir("hsqldb"))));

        HostileStatements.refusedAndNeverRun(
            dir,
            ds,
            hostile,
            "SELECT sum(depth) AS n FROM queue",
            16,
            () -> canary(l, url, out, backup),
            new EventLog(log));
      } finally {
        server.getClass().getMethod("shutdown").invoke(server);
      }
    }
  }

  /** The lines of the SQL event log written after {@link #forget()}. */
  private record EventLog(Path file, long[] from) implements HostileStatements.StatementLog {
    EventLog(Path file) {
      this(file, new long[1]);
    }

    @Override
    public void forget() throws Exception {
      from[0] = Files.exists(file) ? Files.size(file) : 0;
    }

    @Override
    public long seen(String fragment) throws Exception {
      byte[] all = Files.readAllBytes(file);
      String since = new String(all, (int) from[0], all.length - (int) from[0], UTF_8);
      return since.lines().filter(l -> l.contains(fragment)).count();
    }
  }

  private static final java.nio.charset.Charset UTF_8 = StandardCharsets.UTF_8;

  private static Object start(ClassLoader l, Path data, int port) throws Exception {
    Class<?> c = Class.forName("org.hsqldb.server.Server", true, l);
    Object s = c.getDeclaredConstructor().newInstance();
    c.getMethod("setDatabaseName", int.class, String.class).invoke(s, 0, "app");
    c.getMethod("setDatabasePath", int.class, String.class).invoke(s, 0, "file:" + data);
    c.getMethod("setAddress", String.class).invoke(s, "127.0.0.1");
    c.getMethod("setPort", int.class).invoke(s, port);
    c.getMethod("setSilent", boolean.class).invoke(s, true);
    c.getMethod("setNoSystemExit", boolean.class).invoke(s, true);
    c.getMethod("setLogWriter", java.io.PrintWriter.class).invoke(s, (Object) null);
    c.getMethod("start").invoke(s);
    return s;
  }

  private static Canary canary(ClassLoader l, String url, Path... files) throws Exception {
    Driver d =
        (Driver)
            Class.forName("org.hsqldb.jdbc.JDBCDriver", true, l)
                .getDeclaredConstructor()
                .newInstance();
    Properties p = new Properties();
    p.setProperty("user", "SA");
    p.setProperty("password", "");
    try (Connection c = d.connect(url, p);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM canary), (SELECT coalesce(sum(id), 0) FROM canary),"
                    + " (SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'PUBLIC'),"
                    + " (SELECT count(*) FROM information_schema.system_users)"
                    + " FROM (VALUES(0))")) {
      rs.next();
      boolean any = false;
      for (Path f : files) {
        any |= Files.exists(f);
      }
      return new Canary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), any);
    }
  }
}
