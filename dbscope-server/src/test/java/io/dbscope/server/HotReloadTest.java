package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload against real servers: unchanged datasources keep their pool, changed and new ones
 * start, removed ones go; a broken config changes nothing and says so in the reload metrics.
 */
class HotReloadTest {
  static PostgresFixture pg;
  static RedisFixture redis;

  @BeforeAll
  static void start() {
    pg = PostgresFixture.builder().start();
    redis = RedisFixture.system().start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) redis.close();
    if (pg != null) pg.close();
  }

  static String config(String... datasources) {
    StringBuilder sb = new StringBuilder("listenAddress = \"127.0.0.1:0\"\n");
    for (String d : datasources) {
      sb.append(d);
    }
    return sb.toString();
  }

  static String pgSource() {
    return "[[datasource]]\nname = \"pg\"\nengine = \"postgres\"\ndbHost = \"127.0.0.1:%d\"\ndbUser = \"postgres\"\n"
        .formatted(pg.port());
  }

  static String redisSource(String name, String labels) {
    return "[[datasource]]\nname = \"%s\"\nengine = \"redis\"\ndbHost = \"127.0.0.1:%d\"\nlabels = \"%s\"\n"
        .formatted(name, redis.port(), labels);
  }

  static HttpResponse<String> post(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reloadKeepsUnchangedDatasourcesAndRefusesBrokenConfigs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dbscope.toml");
    Files.writeString(
        file, config(pgSource(), redisSource("cache", "tier=a"), redisSource("old", "x=1")));
    try (AutoCloseable running =
        TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(file))) {
      int port = TestAccess.port(running);
      HttpClientSupport http = new HttpClientSupport(port);
      Reloader reloader = TestAccess.reloader(running);
      assertThat(http.get("/metrics").body()).contains("pg_up{datasource=\"pg\"} 1.0");
      MonitoredDatasource pgBefore = reloader.current().fleet().get("pg").orElseThrow();
      MonitoredDatasource cacheBefore = reloader.current().fleet().get("cache").orElseThrow();

      Files.writeString(
          file, config(pgSource(), redisSource("cache", "tier=b"), redisSource("new", "y=2")));
      HttpResponse<String> r = post(port, "/-/reload");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("3 datasource(s), 1 kept as they were, 1 changed, added [new], removed [old]");
      assertThat(reloader.current().fleet().get("pg")).containsSame(pgBefore);
      assertThat(reloader.current().fleet().get("cache").orElseThrow()).isNotSameAs(cacheBefore);
      String body = http.get("/metrics").body();
      assertThat(body)
          .contains("redis_up{datasource=\"new\",y=\"2\"} 1.0")
          .contains("redis_up{datasource=\"cache\",tier=\"b\"} 1.0")
          .doesNotContain("datasource=\"old\"")
          .contains("dbscope_config_last_reload_successful 1.0");
      double okTime = value(body, "dbscope_config_last_reload_success_timestamp_seconds");

      Files.writeString(file, config(pgSource()) + "noSuchKey = 1\n");
      HttpResponse<String> bad = post(port, "/-/reload");
      assertThat(bad.statusCode()).isEqualTo(500);
      assertThat(bad.body()).contains("noSuchKey").contains("the running config stays");
      String after = http.get("/metrics").body();
      assertThat(after)
          .contains("dbscope_config_last_reload_successful 0.0")
          .contains("redis_up{datasource=\"new\",y=\"2\"} 1.0");
      assertThat(value(after, "dbscope_config_last_reload_success_timestamp_seconds"))
          .isEqualTo(okTime);
      assertThat(http.get("/-/reload").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void sighupReloads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dbscope.toml");
    Files.writeString(file, config(redisSource("a", "v=1")));
    try (AutoCloseable running =
        TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(file))) {
      Reloader reloader = TestAccess.reloader(running);
      // Under nohup the signal stays ignored, as it should; dbscope says so in its log.
      assumeTrue(TestAccess.onSighup(reloader), "SIGHUP is ignored by this process (nohup)");
      Files.writeString(file, config(redisSource("a", "v=1"), redisSource("b", "v=2")));
      new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
          .start()
          .waitFor();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> reloader.current().fleet().get("b").isPresent());
    }
  }

  @Test
  void fileWatchReloads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dbscope.toml");
    Files.writeString(file, config(redisSource("a", "v=1")));
    try (AutoCloseable running =
        TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(file))) {
      Reloader reloader = TestAccess.reloader(running);
      TestAccess.watch(file, reloader);
      Files.writeString(file, config(redisSource("a", "v=1"), redisSource("c", "v=3")));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> reloader.current().fleet().get("c").isPresent());
    }
  }

  static double value(String body, String name) {
    return body.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }
}
