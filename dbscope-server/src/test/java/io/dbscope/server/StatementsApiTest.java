package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statements API over HTTP, against a real PostgreSQL with pg_stat_statements and a real
 * MariaDB with performance_schema.
 */
class StatementsApiTest {

  @Test
  void listsTrackedStatementsWithTheirText(@TempDir Path dir) throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start();
        RedisFixture redis = RedisFixture.system().start()) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        st.execute("CREATE TABLE api_probe (id int)");
        for (int i = 0; i < 25; i++) {
          st.execute("INSERT INTO api_probe VALUES (" + i + ")");
        }
      }
      Path cfg = dir.resolve("api.toml");
      Files.writeString(
          cfg,
          """
          listenAddress = "127.0.0.1:0"
          [[datasource]]
          name = "pg"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          [[datasource]]
          name = "cache"
          engine = "redis"
          dbHost = "127.0.0.1:%d"
          """
              .formatted(pg.port(), redis.port()));
      try (AutoCloseable running =
          TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg))) {
        HttpClientSupport http = new HttpClientSupport(TestAccess.port(running));
        ObjectMapper json = new ObjectMapper();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> http.get("/metrics").body().contains("pg_query_calls_total{"));
        HttpResponse<String> r = http.get("/api/v1/datasources/pg/statements?sort=calls&limit=5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("statements").size()).isBetween(1, 5);
        assertThat(r.body()).contains("api_probe");
        assertThat(http.get("/api/v1/datasources/pg/statements?sort=nonsense").statusCode())
            .isEqualTo(400);
        assertThat(http.get("/api/v1/datasources/pg/statements?limit=0").statusCode())
            .isEqualTo(400);
        assertThat(http.get("/api/v1/datasources/nope/statements").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/datasources/cache/statements").statusCode()).isEqualTo(404);
      }
    }
  }

  /**
   * PostgreSQL keeps utility statements verbatim, passwords included: every password form of both
   * servers is run, and the answer shows each statement's shape but no secret. The secrets are
   * spelled S3cr3t… so that one search finds any of them.
   */
  @Test
  void neverShowsAPasswordOrLiteral(@TempDir Path dir) throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start();
        MariaDbFixture maria = MariaDbFixture.builder().start()) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        for (String sql : POSTGRES_SECRETS) {
          st.execute(sql);
        }
      }
      try (Connection c =
              DriverManager.getConnection(maria.jdbcUrl("mysql"), maria.user(), maria.password());
          Statement st = c.createStatement()) {
        for (String sql : MARIADB_SECRETS) {
          st.execute(sql);
        }
      }
      Path cfg = dir.resolve("secrets.toml");
      Files.writeString(
          cfg,
          """
          listenAddress = "127.0.0.1:0"
          [[datasource]]
          name = "pg"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          dbPwd = "S3cr3t-own-datasource"
          statementTextLength = 1000
          [[datasource]]
          name = "maria"
          engine = "mariadb"
          dbHost = "127.0.0.1:%d"
          dbUser = "root"
          statementTextLength = 1000
          """
              .formatted(pg.port(), maria.port()));
      try (AutoCloseable running =
          TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg))) {
        HttpClientSupport http = new HttpClientSupport(TestAccess.port(running));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  String m = http.get("/metrics").body();
                  return m.contains("pg_query_calls_total{")
                      && m.contains("mysql_query_calls_total{");
                });
        String pgAnswer = http.get("/api/v1/datasources/pg/statements?limit=5000").body();
        String mariaAnswer = http.get("/api/v1/datasources/maria/statements?limit=5000").body();
        assertThat(pgAnswer)
            .doesNotContainIgnoringCase("S3cr3t")
            .contains("CREATE ROLE api_r1 LOGIN PASSWORD ?")
            .contains("ALTER ROLE api_r1 WITH ENCRYPTED PASSWORD ?")
            .contains("ALTER USER api_r1 PASSWORD ? UESCAPE ?")
            .contains("ALTER ROLE postgres PASSWORD ?")
            .contains("CREATE USER MAPPING FOR postgres SERVER api_s OPTIONS (user ?")
            .contains("ALTER SERVER api_s OPTIONS (ADD password ?)");
        assertThat(mariaAnswer)
            .doesNotContainIgnoringCase("S3cr3t")
            .contains("IDENTIFIED BY ?")
            .contains("PASSWORD (?)")
            .contains("MASTER_PASSWORD = ?");
      }
    }
  }

  private static final List<String> POSTGRES_SECRETS =
      List.of(
          "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
          "CREATE ROLE api_r1 LOGIN PASSWORD 'S3cr3t-pg-1'",
          "ALTER ROLE api_r1 WITH ENCRYPTED PASSWORD E'S3cr3t-pg-2\\'x'",
          "ALTER USER api_r1 PASSWORD $$S3cr3t-pg-3$$",
          "ALTER USER api_r1 PASSWORD $q$S3cr3t-pg-4'$q$ VALID UNTIL 'infinity'",
          "ALTER USER api_r1 PASSWORD U&'S3cr3t-pg-5!0041' UESCAPE '!'",
          "SET standard_conforming_strings = off",
          "ALTER ROLE api_r1 PASSWORD 'S3cr3t-pg-6\\' still S3cr3t-pg-6'",
          "SET standard_conforming_strings = on",
          "ALTER ROLE postgres PASSWORD 'S3cr3t-own-datasource'",
          "CREATE FOREIGN DATA WRAPPER api_w",
          "CREATE SERVER api_s FOREIGN DATA WRAPPER api_w",
          // standard_conforming_strings on: the first string ends at its backslash.
          "CREATE USER MAPPING FOR postgres SERVER api_s OPTIONS (user 'a\\', password"
              + " 'S3cr3t-pg-7')",
          "ALTER SERVER api_s OPTIONS (ADD password 'S3cr3t-pg-8')",
          "SELECT 'S3cr3t-pg-9', 42");

  private static final List<String> MARIADB_SECRETS =
      List.of(
          "CREATE USER 'api_u1'@'%' IDENTIFIED BY 'S3cr3t-my-1'",
          "ALTER USER 'api_u1'@'%' IDENTIFIED BY 'S3cr3t-my-2'",
          "SET PASSWORD FOR 'api_u1'@'%' = PASSWORD('S3cr3t-my-3')",
          "CREATE USER api_u2 IDENTIFIED VIA mysql_native_password USING PASSWORD('S3cr3t-my-4')",
          "GRANT SELECT ON *.* TO api_u3 IDENTIFIED BY 'S3cr3t-my-5'",
          "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PASSWORD='S3cr3t-my-6'",
          "RESET SLAVE ALL",
          "CREATE SERVER api_s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'x', PASSWORD"
              + " 'S3cr3t-my-7', HOST 'h')",
          "SELECT AES_ENCRYPT('S3cr3t-my-8', 'S3cr3t-my-9')",
          "SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
          "CREATE USER api_u4 IDENTIFIED BY 'x\\', api_u5 IDENTIFIED BY 'S3cr3t-my-10'");
}
