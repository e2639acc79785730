package io.dbscope.examples.jdbcapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.PostgresFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The example application on embedded PostgreSQL, scraped by a real Prometheus (Debian's 2.42) with
 * the example's rules loaded: every panel query of the dashboard returns data, every rule evaluates
 * without error, and the statements endpoint answers.
 */
class DashboardOnPrometheusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyPanelHasDataOnARealPrometheus() throws Exception {
    Path dir = Files.createTempDirectory("dbscope-example-prom");
    try (PostgresFixture pg = PostgresFixture.builder().start();
        OrdersApp app = OrdersApp.start(pg.jdbcUrl("postgres"), pg.user(), 0, 3)) {
      int port = FreePort.find();
      Path rules = Binaries.EXAMPLE.resolve("prometheus/rules/dbscope-jdbc-alerts.yml");
      Files.writeString(
          dir.resolve("prometheus.yml"),
          "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
              + "rule_files:\n  - "
              + rules
              + "\nscrape_configs:\n  - job_name: orders\n    static_configs:\n"
              + "      - targets: ['127.0.0.1:"
              + app.port()
              + "']\n");
      Process prometheus =
          new ProcessBuilder(
                  Binaries.find("prometheus").toString(),
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        String base = "http://127.0.0.1:" + port;
        Map<String, String> empty = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
          Thread.sleep(3000);
          empty = emptyPanels(base);
        } while (!empty.isEmpty() && System.nanoTime() < deadline);
        assertThat(empty).as("panel queries without data").isEmpty();

        JsonNode groups = get(base + "/api/v1/rules").path("data").path("groups");
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode g : groups) {
          for (JsonNode r : g.path("rules")) {
            if (!"ok".equals(r.path("health").asText())) {
              unhealthy.add(r.path("name").asText() + ": " + r.path("lastError").asText());
            }
          }
        }
        assertThat(groups).isNotEmpty();
        assertThat(unhealthy).isEmpty();

        String statements =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/dbscope/statements"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(JSON.readTree(statements).path("datasources").get(0).path("statements"))
            .isNotEmpty();
      } finally {
        prometheus.destroy();
        prometheus.waitFor();
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Each panel query whose instant result is empty, with its panel title. */
  private Map<String, String> emptyPanels(String base) throws Exception {
    JsonNode dash =
        JSON.readTree(Binaries.EXAMPLE.resolve("grafana/dbscope-jdbc-app.json").toFile());
    Map<String, String> empty = new TreeMap<>();
    for (JsonNode panel : dash.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr =
            target
                .path("expr")
                .asText()
                .replace("$datasource", ".*")
                .replace("$__rate_interval", "15s");
        JsonNode r =
            get(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (!"success".equals(r.path("status").asText())
            || r.path("data").path("result").isEmpty()) {
          empty.put(panel.path("title").asText() + " " + target.path("refId").asText(), expr);
        }
      }
    }
    return empty;
  }

  private JsonNode get(String url) throws Exception {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
