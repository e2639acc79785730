package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbscope run --web.config.file}: an exporter-toolkit web config's users and headers guard a
 * running dbscope, change with a reload, and cannot be combined with the seed's basic auth keys.
 */
class WebConfigServerTest {

  static String hash(String pw) {
    return BCrypt.withDefaults().hashToString(4, pw.toCharArray());
  }

  @Test
  void webConfigUsersAndHeadersApplyAndReload(@TempDir Path dir) throws Exception {
    try (RedisFixture redis = RedisFixture.system().start()) {
      Path cfg = dir.resolve("dbscope.toml");
      Files.writeString(
          cfg,
          "listenAddress = \"127.0.0.1:0\"\n[[datasource]]\nname = \"r\"\nengine = \"redis\"\ndbHost = \"127.0.0.1:%d\"\n"
              .formatted(redis.port()));
      Path web = dir.resolve("web-config.yml");
      Files.writeString(
          web,
          "basic_auth_users:\n  alice: "
              + hash("alice-pw")
              + "\n"
              + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n");
      try (AutoCloseable running =
          TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg), web)) {
        int port = TestAccess.port(running);
        HttpClientSupport http = new HttpClientSupport(port);
        assertThat(http.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(http.get("/-/healthy").statusCode()).isEqualTo(200);
        HttpResponse<String> ok =
            http.get("/metrics", "Authorization", HttpClientSupport.basic("alice", "alice-pw"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Frame-Options")).hasValue("deny");
        assertThat(ok.body()).contains("redis_up{datasource=\"r\"} 1.0");

        Files.writeString(web, "basic_auth_users:\n  bob: " + hash("bob-pw") + "\n");
        HttpResponse<String> reload =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/reload"))
                        .header("Authorization", HttpClientSupport.basic("alice", "alice-pw"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(
                http.get("/metrics", "Authorization", HttpClientSupport.basic("alice", "alice-pw"))
                    .statusCode())
            .isEqualTo(401);
        assertThat(
                http.get("/metrics", "Authorization", HttpClientSupport.basic("bob", "bob-pw"))
                    .statusCode())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void seedBasicAuthAndWebConfigCannotBothBeSet(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("dbscope.toml");
    Files.writeString(
        cfg,
        """
        enableBasicAuth = true
        basicAuthUsername = "admin"
        basicAuthPassword = "ENC(c2VjcmV0)"
        [[datasource]]
        name = "r"
        engine = "redis"
        dbHost = "127.0.0.1:6399"
        """);
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  alice: " + hash("x") + "\n");
    CommandLineTest.Result r =
        CommandLineTest.run(
            "check", "--config", cfg.toString(), "--web.config.file", web.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("enableBasicAuth")
        .contains("basic_auth_users")
        .doesNotContain("Exception");
  }
}
