package io.dbscope.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.Engines;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's binary) that knows nothing but dbscope's {@code /sd} url, as
 * docs/prometheus.md writes it: it discovers one {@code /probe} target per enabled datasource,
 * scrapes each with its own {@code instance}, passes basic auth on discovery and scrapes alike, and
 * follows a reload of dbscope's config.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusServiceDiscoveryTest {
  private static final String USER = "prom";
  private static final String PASSWORD = "sd-s3cret";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
  private static RedisFixture first;
  private static RedisFixture second;
  private static Path configFile;
  private static int dbscopePort;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    first = keep(RedisFixture.system().start());
    second = keep(RedisFixture.system().start());
    configFile = dir.resolve("dbscope.toml");
    Files.writeString(
        configFile,
        config(
            datasource("cache-a", first, "tier=hot"),
            datasource("cache-b", second, "tier=cold"),
            datasource("retired", first, "tier=old") + "enabled = false\n"));
    AutoCloseable dbscope =
        keep(TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(configFile)));
    dbscopePort = TestAccess.port(dbscope);
    Path promDir = Files.createDirectories(dir.resolve("prometheus"));
    prometheus = keep(PrometheusServer.start(promDir, prometheusConfig(dbscopePort)));
  }

  @AfterAll
  static void stop() throws Exception {
    while (!running.isEmpty()) {
      running.pop().close();
    }
  }

  private static <T extends AutoCloseable> T keep(T resource) {
    running.push(resource);
    return resource;
  }

  private static String config(String... datasources) {
    String hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
    return """
        listenAddress = "127.0.0.1:0"
        enableBasicAuth = true
        basicAuthUsername = "%s"
        basicAuthPassword = "%s"
        """
            .formatted(USER, hash)
        + String.join("", datasources);
  }

  private static String datasource(String name, RedisFixture redis, String labels) {
    return """
        [[datasource]]
        name = "%s"
        engine = "redis"
        dbHost = "127.0.0.1:%d"
        labels = "%s"
        """
        .formatted(name, redis.port(), labels);
  }

  /** The job of docs/prometheus.md, with 1 s intervals so that the test is quick. */
  private static String prometheusConfig(int port) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: dbscope
            http_sd_configs:
              - url: http://127.0.0.1:%1$d/sd
                refresh_interval: 1s
                basic_auth: {username: %2$s, password: %3$s}
            basic_auth: {username: %2$s, password: %3$s}
        """
        .formatted(port, USER, PASSWORD);
  }

  @Test
  @Order(1)
  void prometheusScrapesEachEnabledDatasourceAsItsOwnInstance() {
    awaitInstances(List.of("cache-a", "cache-b"));

    Map<String, JsonNode> targets = activeTargets();
    for (String name : List.of("cache-a", "cache-b")) {
      JsonNode t = targets.get(name);
      assertThat(t.path("scrapeUrl").asText())
          .isEqualTo("http://127.0.0.1:" + dbscopePort + "/probe?target=" + name);
      assertThat(t.path("labels").path("job").asText()).isEqualTo("dbscope");
      assertThat(t.path("discoveredLabels").path("__meta_dbscope_engine").asText())
          .isEqualTo("redis");
    }
    assertThat(
            targets
                .get("cache-a")
                .path("discoveredLabels")
                .path("__meta_dbscope_label_tier")
                .asText())
        .isEqualTo("hot");

    // Each datasource's samples come from its own target: instance, datasource and its own labels
    // side by side, none renamed to exported_*.
    Map<String, JsonNode> up = byInstance("redis_up");
    assertThat(up).containsOnlyKeys("cache-a", "cache-b");
    assertThat(up.get("cache-a").path("metric").path("datasource").asText()).isEqualTo("cache-a");
    assertThat(up.get("cache-a").path("metric").path("tier").asText()).isEqualTo("hot");
    assertThat(up.get("cache-b").path("metric").path("tier").asText()).isEqualTo("cold");
    up.values().forEach(s -> assertThat(s.path("value").get(1).asText()).isEqualTo("1"));
    for (String renamed : List.of("exported_instance", "exported_tier", "exported_job")) {
      String expr = "count({__name__=~\".+\", " + renamed + "=~\".+\"})";
      JsonNode answer = prometheus.query(expr);
      assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
      assertThat(answer.path("data").path("result").size())
          .as("series with the label %s", renamed)
          .isZero();
    }
    assertThat(byInstance("up{job=\"dbscope\"}")).containsOnlyKeys("cache-a", "cache-b");
  }

  @Test
  @Order(2)
  void aReloadOfDbscopeChangesWhatPrometheusScrapes() throws Exception {
    Files.writeString(
        configFile,
        config(
            datasource("cache-b", second, "tier=cold"),
            datasource("cache-c", first, "tier=warm"),
            datasource("retired", first, "tier=old")));
    HttpResponse<String> reload =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dbscopePort + "/-/reload"))
                    .header("Authorization", basicAuth())
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);

    awaitInstances(List.of("cache-b", "cache-c", "retired"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(byInstance("redis_up").keySet()).contains("cache-c", "retired"));
  }

  private static String basicAuth() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** Waits until Prometheus' active targets are these instances, each scraped with success. */
  private static void awaitInstances(List<String> instances) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, JsonNode> targets = activeTargets();
              assertThat(targets.keySet())
                  .as("instances of the active targets; Prometheus' log:\n%s", prometheus.log())
                  .containsExactlyInAnyOrderElementsOf(instances);
              targets.forEach(
                  (name, t) ->
                      assertThat(t.path("health").asText())
                          .as("%s: %s", name, t.path("lastError").asText())
                          .isEqualTo("up"));
            });
  }

  private static Map<String, JsonNode> activeTargets() {
    Map<String, JsonNode> out = new TreeMap<>();
    JsonNode active = prometheus.api("/api/v1/targets").path("data").path("activeTargets");
    for (JsonNode t : active) {
      out.put(t.path("labels").path("instance").asText(), t);
    }
    return out;
  }

  /** An instant query's series by their instance label; the instances must differ. */
  private static Map<String, JsonNode> byInstance(String expr) {
    Map<String, JsonNode> out = new TreeMap<>();
    List<String> seen = new ArrayList<>();
    Iterator<JsonNode> it = prometheus.query(expr).path("data").path("result").elements();
    while (it.hasNext()) {
      JsonNode s = it.next();
      String instance = s.path("metric").path("instance").asText();
      seen.add(instance);
      out.put(instance, s);
    }
    assertThat(seen).as("instances of %s", expr).doesNotHaveDuplicates();
    return out;
  }
}
