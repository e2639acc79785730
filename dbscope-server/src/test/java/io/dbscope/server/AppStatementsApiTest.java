package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.jdbc.DbscopeJdbc;
import io.dbscope.jdbc.StatementsHandler;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.PostgresFixture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An application instrumented with dbscope-jdbc (in process, its StatementsHandler on a JDK
 * HttpServer behind basic auth) runs one statement N times on a real PostgreSQL with
 * pg_stat_statements; dbscope reads both, and the statements API of the database datasource shows
 * the statement with the server's calls and time and the application's.
 */
class AppStatementsApiTest {
  private static final int N = 37;

  @Test
  void showsTheApplicationsCallsAndTimeNextToTheServers(@TempDir Path dir) throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start()) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        st.execute("CREATE TABLE app_probe (id int primary key, name text)");
        st.execute("INSERT INTO app_probe SELECT g, 'n' || g FROM generate_series(1, 100) g");
      }
      PGSimpleDataSource raw = new PGSimpleDataSource();
      raw.setURL(pg.jdbcUrl("postgres"));
      raw.setUser(pg.user());
      DbscopeJdbc jdbc =
          DbscopeJdbc.builder().registry(new PrometheusRegistry()).failover(false).build();
      DataSource app = jdbc.instrument(raw, "orders");
      try (Connection c = app.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT name FROM app_probe WHERE id = ?")) {
        for (int i = 1; i <= N; i++) {
          ps.setInt(1, i);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
          }
        }
      }
      HttpServer appServer =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      appServer
          .createContext("/dbscope/statements", new StatementsHandler(jdbc, 100))
          .setAuthenticator(
              new BasicAuthenticator("app") {
                @Override
                public boolean checkCredentials(String user, String password) {
                  return user.equals("scraper") && password.equals("app-pass");
                }
              });
      appServer.start();
      try {
        Path cfg = dir.resolve("app.toml");
        Files.writeString(
            cfg,
            """
            listenAddress = "127.0.0.1:0"
            [[datasource]]
            name = "orders-db"
            engine = "postgres"
            dbHost = "127.0.0.1:%d"
            dbUser = "postgres"
            [[datasource]]
            name = "orders-app"
            engine = "app"
            url = "http://127.0.0.1:%d/dbscope/statements"
            dbUser = "scraper"
            dbPwd = "app-pass"
            appOf = "orders-db"
            [[datasource]]
            name = "locked-out"
            engine = "app"
            url = "http://127.0.0.1:%d/dbscope/statements"
            appOf = "orders-db"
            """
                .formatted(
                    pg.port(), appServer.getAddress().getPort(), appServer.getAddress().getPort()));
        try (AutoCloseable running =
            TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg))) {
          HttpClientSupport http = new HttpClientSupport(TestAccess.port(running));
          ObjectMapper json = new ObjectMapper();
          AtomicReference<JsonNode> found = new AtomicReference<>();
          AtomicReference<String> metrics = new AtomicReference<>();
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> {
                    metrics.set(http.get("/metrics").body());
                    JsonNode body =
                        json.readTree(
                            http.get("/api/v1/datasources/orders-db/statements?limit=5000").body());
                    Optional<JsonNode> row = probe(body);
                    row.filter(r -> r.has("app_calls")).ifPresent(found::set);
                    return found.get() != null;
                  });
          JsonNode row = found.get();
          assertThat(row.get("statistics").get("calls").asLong()).isEqualTo(N);
          assertThat(row.get("statistics").get("total_time_seconds").asDouble()).isPositive();
          assertThat(row.get("app").asText()).isEqualTo("orders-app");
          assertThat(row.get("app_calls").asLong()).isEqualTo(N);
          assertThat(row.get("app_time_seconds").asDouble())
              .isPositive()
              .isGreaterThanOrEqualTo(row.get("app_max_seconds").asDouble());
          assertThat(row.get("app_mean_seconds").asDouble())
              .isCloseTo(
                  row.get("app_time_seconds").asDouble() / N,
                  org.assertj.core.data.Offset.offset(1e-9));
          assertThat(row.get("app_errors").asLong()).isZero();
          assertThat(metrics.get())
              .contains("app_up{datasource=\"orders-app\"} 1")
              .contains("app_up{datasource=\"locked-out\"} 0")
              .doesNotContain("app-pass");
          // The app datasource itself has no server statistics of its own.
          assertThat(http.get("/api/v1/datasources/orders-app/statements").statusCode())
              .isEqualTo(404);
        }
      } finally {
        appServer.stop(0);
      }
    }
  }

  private static Optional<JsonNode> probe(JsonNode body) {
    for (JsonNode s : body.path("statements")) {
      if (s.path("text").asText().contains("app_probe WHERE id")) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
