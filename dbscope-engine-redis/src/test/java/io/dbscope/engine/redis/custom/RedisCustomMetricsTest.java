package io.dbscope.engine.redis.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.redis.RedisEngine;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.Scraped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Custom metrics on a Redis datasource against a real Redis 7 (Debian's): YAML and TOML files whose
 * queries are the engine's read-only commands give their samples in a scrape; a file with a write
 * (FLUSHALL, CONFIG SET) is left out with file, line and reason, never reaches the server (its
 * command statistics prove it), and the other files still run. Secret settings never leave the
 * server, even through {@code CONFIG GET *}, and a custom result is cut at {@code maxRows}.
 */
class RedisCustomMetricsTest {
  private static final Path CONFIG_DIR = Path.of("").toAbsolutePath().getParent().resolve("config");

  /** Numeric, so that a leak would show as a sample value, not be skipped as text. */
  private static final String PASSWORD = "731946285";

  private static final String MASTERAUTH = "864209753";

  @TempDir static Path dir;

  private static RedisFixture redis;
  private static EngineResources resources;
  private static final RedisEngine engine = new RedisEngine();

  @BeforeAll
  static void start() {
    resources = EngineResources.create();
    redis =
        RedisFixture.system()
            .password(PASSWORD)
            .option("masterauth", MASTERAUTH)
            .option("maxclients", "321")
            .start();
    try (Jedis j = client()) {
      for (int i = 0; i < 5; i++) {
        j.set("canary:" + i, "v" + i);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
    if (resources != null) {
      resources.close();
    }
  }

  @Test
  void yamlAndTomlFilesGiveTheirSamplesAndAWriteIsRefusedWithFileLineAndReason() throws Exception {
    Path yaml =
        write(
            "app.yaml",
            """
            definitions:
              - id: custom:app_clients
                help: Clients, from INFO clients.
                query: INFO clients AS ROW
                columns:
                  connected_clients: {usage: gauge, name: app_connected_clients, help: Clients.}
              - id: custom:app_commands
                help: Calls per command, from INFO commandstats.
                query: INFO commandstats
                columns:
                  cmd: label
                  calls: {usage: counter, name: app_command_calls_total, help: Calls.}
              - id: custom:app_maxclients
                help: maxclients, from CONFIG GET.
                query: CONFIG GET maxclients
                keyValue:
                  key: key
                  value: value
                  exportUnmatched: false
                  rules:
                    - {match: maxclients, name: app_maxclients, help: maxclients.}
            """);
    Path toml =
        write(
            "app.toml",
            """
            [[metric]]
            context = "app_slowlog"
            request = "SLOWLOG LEN"
            metricsdesc = { length = "Entries in the slow log." }

            [[metric]]
            context = "app_setting"
            labels = ["key"]
            request = "CONFIG GET maxclients"
            metricsdesc = { value = "A setting." }
            """);
    Path evilYaml =
        write(
            "evil.yaml",
            """
            definitions:
              - id: custom:evil_fine
                help: Fine, beside a refused one.
                query: SLOWLOG LEN
                columns:
                  length: {usage: gauge, name: evil_fine_length, help: Length.}
              - id: custom:evil_wipe
                help: Wipes the server.
                query: FLUSHALL
                columns:
                  n: {usage: gauge, name: evil_wipe_n, help: N.}
            """);
    Path evilToml =
        write(
            "evil.toml",
            """
            [[metric]]
            context = "evil_config"
            request = "CONFIG SET maxclients 1"
            metricsdesc = { n = "N." }
            """);
    List<Path> files = List.of(yaml, toml, evilYaml, evilToml);

    try (MonitoredDatasource ds = datasource(config("cache", files, false))) {
      List<FileStatus> status = ds.custom().files();
      assertThat(status.get(0).loaded()).as(status.get(0).problems().toString()).isTrue();
      assertThat(status.get(1).loaded()).as(status.get(1).problems().toString()).isTrue();
      assertThat(status.get(2).loaded()).isTrue();
      assertThat(status.get(2).metrics())
          .extracting(m -> m.id())
          .containsExactly("custom:evil_fine");
      assertThat(status.get(2).problems())
          .singleElement()
          .asString()
          .isEqualTo(
              evilYaml
                  + ":7: metric custom:evil_wipe: query: refused: FLUSHALL is not read-only: it"
                  + " deletes every key");
      assertThat(status.get(3).metrics()).isEmpty();
      assertThat(status.get(3).problems())
          .singleElement()
          .asString()
          .startsWith(evilToml + ":3: metric evil_config: request: refused: CONFIG SET is not")
          .doesNotContain("maxclients 1");

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      for (String c :
          List.of(
              "custom:app_clients",
              "custom:app_commands",
              "custom:app_maxclients",
              "custom:app_slowlog",
              "custom:app_setting",
              "custom:evil_fine")) {
        assertThat(Scraped.success(s, "cache", c)).as(c).isEqualTo(1);
      }
      assertThat(s.value("app_connected_clients", "datasource", "cache")).isPositive();
      assertThat(s.value("app_command_calls_total", "datasource", "cache", "cmd", "set"))
          .isEqualTo(5);
      assertThat(s.value("app_maxclients", "datasource", "cache")).isEqualTo(321);
      assertThat(s.value("app_slowlog_length", "datasource", "cache")).isZero();
      assertThat(s.value("app_setting_value", "datasource", "cache", "key", "maxclients"))
          .isEqualTo(321);
      assertThat(s.value("redis_up", "datasource", "cache")).isEqualTo(1);
      assertThat(s.value("evil_fine_length", "datasource", "cache")).isZero();
      assertThat(s.find("dbscope_collector_success", "collector", "custom:evil_wipe")).isEmpty();
      assertThat(s.value("dbscope_custom_file_loaded", "file", evilYaml.toString())).isEqualTo(1);
      assertThat(s.samples("dbscope_custom_metric_refused"))
          .extracting(x -> x.labels().get("file") + " " + x.labels().get("metric"))
          .containsExactlyInAnyOrder(evilYaml + " custom:evil_wipe", evilToml + " evil_config");
      assertThat(s.value("dbscope_custom_file_loaded", "file", yaml.toString())).isEqualTo(1);
    }
    try (Jedis j = client()) {
      assertThat(j.dbSize()).as("no key was wiped").isEqualTo(5);
      assertThat(j.configGet("maxclients")).containsEntry("maxclients", "321");
      assertThat(j.info("commandstats"))
          .as("the refused commands never reached the server")
          .doesNotContain("cmdstat_flushall")
          .doesNotContain("cmdstat_config|set");
    }
  }

  @Test
  void secretSettingsNeverLeaveTheServerAndResultsAreCutAtMaxRows() throws Exception {
    Path all =
        write(
            "all-config.yaml",
            """
            definitions:
              - id: custom:all_settings
                help: Every numeric setting, from CONFIG GET *.
                query: CONFIG GET *
                maxRows: 10000
                keyValue:
                  key: key
                  value: value
                  prefix: all_config
                  unmatchedType: gauge
              - id: custom:few_settings
                help: Cut at five settings.
                query: CONFIG GET *
                maxRows: 5
                keyValue:
                  key: key
                  value: value
                  prefix: few_config
                  unmatchedType: gauge
            """);

    try (MonitoredDatasource ds = datasource(config("cache", List.of(all), false))) {
      assertThat(ds.custom().problems()).isEmpty();

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(Scraped.success(s, "cache", "custom:all_settings")).isEqualTo(1);
      assertThat(s.value("all_config_maxclients", "datasource", "cache")).isEqualTo(321);
      assertThat(s.samples())
          .as("no sample carries a password, as value or label")
          .noneMatch(x -> x.value() == Double.parseDouble(PASSWORD))
          .noneMatch(x -> x.value() == Double.parseDouble(MASTERAUTH))
          .noneMatch(x -> x.name().contains("pass") || x.name().endsWith("auth"))
          .noneMatch(x -> x.labels().containsValue(PASSWORD));
      assertThat(s.value("dbscope_custom_rows_truncated_total", "collector", "custom:all_settings"))
          .isZero();
      assertThat(Scraped.success(s, "cache", "custom:few_settings")).isEqualTo(1);
      assertThat(s.value("dbscope_custom_rows_truncated_total", "collector", "custom:few_settings"))
          .isEqualTo(1);
      assertThat(s.samples().stream().filter(x -> x.name().startsWith("few_config_")))
          .hasSizeLessThanOrEqualTo(5);
    }
    // The filter is not blind: the server does hand these out to a plain CONFIG GET.
    try (Jedis j = client()) {
      Map<String, String> raw = j.configGet("*");
      assertThat(raw)
          .containsEntry("requirepass", PASSWORD)
          .containsEntry("masterauth", MASTERAUTH);
      assertThat(raw.keySet().stream().filter(k -> k.contains("pass") || k.endsWith("auth")))
          .as("the settings left out: only those that hold a password")
          .containsExactlyInAnyOrder(
              "requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass");
    }
  }

  /** The shipped sample file loads and every one of its collectors succeeds. */
  @Test
  void theSampleFileRuns() {
    Path sample = CONFIG_DIR.resolve("custom-metrics-redis.yaml");
    try (MonitoredDatasource ds = datasource(config("sample", List.of(sample), true))) {
      assertThat(ds.custom().problems()).isEmpty();
      assertThat(ds.custom().metrics()).hasSize(3);

      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

      ds.custom()
          .metrics()
          .forEach(m -> assertThat(Scraped.success(s, "sample", m.id())).as(m.id()).isEqualTo(1));
      assertThat(s.value("custom_redis_memory_dataset_bytes", "datasource", "sample")).isPositive();
      assertThat(s.value("custom_redis_config_tcp_keepalive_seconds", "datasource", "sample"))
          .isEqualTo(300);
      assertThat(s.find("custom_redis_command_mean_seconds", "cmd", "info")).isPresent();
      assertThat(Scraped.success(s, "sample", "info")).as("built-ins alongside").isEqualTo(1);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static DatasourceConfig config(String name, List<Path> files, boolean builtIns) {
    return DatasourceConfig.builder(name, "redis")
        .host(redis.host())
        .port(redis.port())
        .password(Secret.of(PASSWORD))
        .connectTimeout(Duration.ofSeconds(2))
        .queryTimeout(Duration.ofSeconds(2))
        .registerDatabaseMetrics(builtIns)
        .customMetricsFiles(files)
        .build();
  }

  private static MonitoredDatasource datasource(DatasourceConfig cfg) {
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  private static Jedis client() {
    return new Jedis(
        new HostAndPort(redis.host(), redis.port()),
        DefaultJedisClientConfig.builder()
            .timeoutMillis(5000)
            .autoNegotiateProtocol(false)
            .password(PASSWORD)
            .build());
  }
}
