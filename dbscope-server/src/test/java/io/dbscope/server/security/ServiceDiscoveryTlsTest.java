package io.dbscope.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.Engines;
import io.dbscope.server.cli.TestAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /sd} asked over TLS hands out targets that Prometheus scrapes over TLS too. */
class ServiceDiscoveryTlsTest {
  private final TestPki pki = TestPki.shared();

  @Test
  void targetsDiscoveredOverTlsAreScrapedOverTls(@TempDir Path dir) throws Exception {
    pki.writeChain("server", dir.resolve("server.crt"));
    pki.writePkcs8("server", dir.resolve("server.key"));
    Path web =
        Files.writeString(
            dir.resolve("web-config.yml"),
            "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    Path cfg =
        Files.writeString(
            dir.resolve("dbscope.toml"),
            """
            listenAddress = "127.0.0.1:0"
            [[datasource]]
            name = "cache"
            engine = "redis"
            dbHost = "127.0.0.1:1"
            """);
    try (AutoCloseable running =
            TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg), web);
        HttpClient client =
            HttpClient.newBuilder()
                .sslContext(pki.clientContext(null))
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
      int port = TestAccess.port(running);
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/sd"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode group = new ObjectMapper().readTree(r.body()).get(0);
      assertThat(group.path("targets").get(0).asText()).isEqualTo("127.0.0.1:" + port);
      assertThat(group.path("labels").path("__scheme__").asText()).isEqualTo("https");
      assertThat(group.path("labels").path("__param_target").asText()).isEqualTo("cache");
    }
  }
}
