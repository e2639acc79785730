package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statements API over HTTP, against a real PostgreSQL with pg_stat_statements. */
class StatementsApiTest {

  @Test
  void listsTrackedStatementsWithTheirText(@TempDir Path dir) throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start();
        RedisFixture redis = RedisFixture.system().start()) {
      try (Connection c = pg.connect(); Statement st = c.createStatement()) {
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
      try (AutoCloseable running = TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg))) {
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
        assertThat(http.get("/api/v1/datasources/pg/statements?sort=nonsense").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/datasources/pg/statements?limit=0").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/datasources/nope/statements").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/datasources/cache/statements").statusCode()).isEqualTo(404);
      }
    }
  }
}
