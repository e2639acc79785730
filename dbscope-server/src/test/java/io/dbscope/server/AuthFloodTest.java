package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of wrong passwords must not hold up a scrape whose credentials were already accepted,
 * whether the user comes from the seed's {@code enableBasicAuth} keys or from {@code
 * --web.config.file}: both share the same bounded bcrypt work and cache of verified credentials.
 * With the seed's keys, a few hundred concurrent wrong passwords used to delay a valid scrape by
 * 10-13 s (every bcrypt round ran at once on the virtual threads' carriers). This checks isolation,
 * not speed: the bound is generous.
 */
class AuthFloodTest {
  private static final int FLOOD = 300;
  private static final Duration PROMPT = Duration.ofSeconds(2);
  // Cost 10, the common default: tens of milliseconds per round, as in production.
  private static final String HASH =
      BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, "good-pw".toCharArray());

  private static RedisFixture redis;

  @TempDir Path dir;

  @BeforeAll
  static void startRedis() {
    redis = RedisFixture.system().start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void seedBasicAuthKeepsAValidScrapePromptDuringAFlood() throws Exception {
    Path cfg = dir.resolve("seed.toml");
    Files.writeString(
        cfg,
        """
        listenAddress = "127.0.0.1:0"
        enableBasicAuth = true
        basicAuthUsername = "prom"
        basicAuthPassword = "%s"
        %s"""
            .formatted(HASH, datasource()));
    LoadedConfig loaded = new ConfigLoader(Engines.catalog(), Map.of()).load(cfg);
    try (AutoCloseable running = TestAccess.start(loaded)) {
      assertValidScrapeStaysPrompt(TestAccess.port(running));
    }
  }

  @Test
  void webConfigUsersKeepAValidScrapePromptDuringAFlood() throws Exception {
    Path cfg = dir.resolve("web.toml");
    Files.writeString(cfg, "listenAddress = \"127.0.0.1:0\"\n" + datasource());
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  prom: " + HASH + "\n");
    LoadedConfig loaded = new ConfigLoader(Engines.catalog(), Map.of()).load(cfg);
    try (AutoCloseable running = TestAccess.start(loaded, web)) {
      assertValidScrapeStaysPrompt(TestAccess.port(running));
    }
  }

  private static String datasource() {
    return "[[datasource]]\nname = \"r\"\nengine = \"redis\"\ndbHost = \"127.0.0.1:%d\"\n"
        .formatted(redis.port());
  }

  private static void assertValidScrapeStaysPrompt(int port) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    try {
      String good = HttpClientSupport.basic("prom", "good-pw");
      assertThat(send(client, port, good).statusCode()).as("first scrape").isEqualTo(200);

      List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
      for (int i = 0; i < FLOOD; i++) {
        flood.add(sendAsync(client, port, HttpClientSupport.basic("prom", "wrong-" + i)));
      }
      // Let the flood reach the server and its bcrypt work start.
      Thread.sleep(500);

      long start = System.nanoTime();
      HttpResponse<String> valid = send(client, port, good);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(valid.statusCode()).isEqualTo(200);
      assertThat(valid.body()).contains("redis_up{datasource=\"r\"} 1.0");
      assertThat(took).as("valid scrape during %d wrong passwords", FLOOD).isLessThan(PROMPT);
      assertThat(flood.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
          .allSatisfy(r -> assertThat(r.statusCode()).isIn(401, 429));
      flood.forEach(f -> f.cancel(true));
    } finally {
      client.shutdownNow();
    }
  }

  private static HttpResponse<String> send(HttpClient client, int port, String auth)
      throws Exception {
    return client.send(request(port, auth), HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(
      HttpClient client, int port, String auth) {
    return client.sendAsync(request(port, auth), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(int port, String auth) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Authorization", auth)
        .timeout(Duration.ofSeconds(60))
        .build();
  }
}
