package io.dbscope.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import java.net.URI;
import java.net.URLClassLoader;
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
 * SQLite (xerial sqlite-jdbc 3.53.4.0, loaded from a directory) through the generic engine. SQLite
 * has no server and no statement log: that a hostile statement did not run is judged by what it
 * aims at — the canary table's rows, the schema, the files an ATTACH or VACUUM INTO would create.
 * The database is opened read-only by the engine, so even an allowed write would fail at the file.
 */
class JdbcEngineSqliteTest {
  @TempDir Path dir;

  /**
   * Rows and sum of the canary table, the schema, and whether any file a statement names exists.
   */
  record Canary(long rows, long sum, String schema, boolean files) {}

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverRun() throws Exception {
    Path db = dir.resolve("app.db");
    String url = "jdbc:sqlite:" + db;
    Path other = dir.resolve("other.db");
    Path copy = dir.resolve("copy.db");
    sql(
        url,
        "CREATE TABLE queue (name VARCHAR(20), depth INT)",
        "INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
        "CREATE TABLE canary (id INT)",
        "INSERT INTO canary VALUES (1), (2), (3)");
    List<String> hostile =
        List.of(
            "ATTACH DATABASE '" + other + "' AS canary_other",
            "DETACH DATABASE main",
            "PRAGMA writable_schema = 1",
            "PRAGMA journal_mode = OFF",
            "SELECT load_extension('/tmp/canary.so') AS n",
            "SELECT writefile('" + other + "', 'x') AS n",
            "SELECT length(readfile('/etc/hostname')) AS n FROM canary",
            "VACUUM INTO '" + copy + "'",
            "VACUUM",
            "INSERT INTO canary VALUES (5)",
            "INSERT OR REPLACE INTO canary VALUES (5)",
            "REPLACE INTO canary VALUES (5)",
            "UPDATE canary SET id = 0",
            "DELETE FROM canary",
            "DROP TABLE canary",
            "CREATE TABLE canary_new (a INT)",
            "CREATE TEMP TABLE canary_tmp AS SELECT 1 AS n",
            "ALTER TABLE canary ADD COLUMN b INT",
            "CREATE TRIGGER canary_t AFTER INSERT ON queue BEGIN DELETE FROM canary; END",
            "REINDEX canary",
            "ANALYZE canary",
            "SELECT count(*) AS n FROM canary; DELETE FROM canary",
            "WITH x AS (SELECT 1) DELETE FROM canary",
            "SAVEPOINT canary",
            "BEGIN IMMEDIATE",
            "SELECT count(*) AS n FROM canary RETURNING id",
            "DELETE FROM canary RETURNING id AS n",
            "SELECT randomblob(1000000000) AS n FROM canary",
            "SELECT sqlite_compileoption_used('canary') AS n",
            "SELECT count(*) AS n FROM pragma_table_info('canary')");
    DatasourceBuilder ds =
        DatasourceConfig.builder("lite", "jdbc")
            .url(URI.create(url))
            .options(
                EngineOptions.none()
                    .with(JdbcOptions.DRIVER_PATH, Optional.of(TestDrivers.dir("sqlite")))
                    .with(JdbcOptions.READ_ONLY_STATEMENT, ""));

    HostileStatements.refusedAndNeverRun(
        dir,
        ds,
        hostile,
        "SELECT sum(depth) AS n FROM queue",
        16,
        () -> canary(url, other, copy),
        HostileStatements.NO_LOG);
  }

  @Test
  void anOpenModeInTheUrlIsRefused() {
    DatasourceConfig cfg =
        DatasourceConfig.builder("lite", "jdbc")
            .url(URI.create("jdbc:sqlite:" + dir.resolve("x.db") + "?open_mode=6"))
            .build();

    assertThat(new JdbcEngine().validate(cfg))
        .containsExactly(
            "url: option open_mode is refused for SQLite: dbscope opens SQLite databases"
                + " read-only (open_mode=1) itself");
  }

  @Test
  void urlOptionsThatLoadCodeOrReadFilesAreRefusedForTheDriversTested() {
    JdbcEngine engine = new JdbcEngine();
    List<String> urls =
        List.of(
            "jdbc:sqlite:" + dir.resolve("x.db") + "?enable_load_extension=true",
            "jdbc:sqlite::resource:http://example.invalid/x.db",
            "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '/tmp/x.sql'",
            "jdbc:h2:mem:x;DATABASE_EVENT_LISTENER='org.example.Evil'",
            "jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE",
            "jdbc:hsqldb:file:/tmp/x;textdb.allow_full_path=true",
            "jdbc:hsqldb:file:/tmp/x;crypt_provider=org.example.Evil",
            "jdbc:derby:/tmp/x;restoreFrom=/tmp/backup",
            "jdbc:derby:/tmp/x;createFrom=/tmp/backup");
    List<String> options =
        List.of(
            "enable_load_extension",
            ":resource:",
            "INIT",
            "DATABASE_EVENT_LISTENER",
            "AUTO_SERVER",
            "textdb.allow_full_path",
            "crypt_provider",
            "restoreFrom",
            "createFrom");
    for (int i = 0; i < urls.size(); i++) {
      DatasourceConfig cfg =
          DatasourceConfig.builder("x", "jdbc")
              .url(URI.create(urls.get(i).replace(" ", "%20")))
              .build();
      assertThat(engine.validate(cfg))
          .as(urls.get(i))
          .containsExactly(
              "url: option "
                  + options.get(i)
                  + " is refused: it lets the driver load classes, run code or read local files");
    }
  }

  private Canary canary(String url, Path... files) throws Exception {
    try (URLClassLoader l = TestDrivers.loader("sqlite");
        Connection c = driver(l).connect(url, new Properties());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM canary), (SELECT coalesce(sum(id), 0) FROM canary),"
                    + " (SELECT group_concat(sql, ';') FROM sqlite_master)")) {
      rs.next();
      boolean any = false;
      for (Path f : files) {
        any |= Files.exists(f);
      }
      return new Canary(rs.getLong(1), rs.getLong(2), rs.getString(3), any);
    }
  }

  private static Driver driver(ClassLoader l) throws ReflectiveOperationException {
    return (Driver)
        Class.forName("org.sqlite.JDBC", true, l).getDeclaredConstructor().newInstance();
  }

  private static void sql(String url, String... statements) throws Exception {
    try (URLClassLoader l = TestDrivers.loader("sqlite")) {
      TestDrivers.sql(l, "org.sqlite.JDBC", url, "", statements);
    }
  }
}
