package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.PasswordCodec;
import io.dbscope.server.cli.TestAccess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth from the seed's global keys guards every endpoint except /-/healthy. */
class BasicAuthServerTest {

  private static final String CONFIG =
      """
      listenAddress = "127.0.0.1:0"
      enableBasicAuth = true
      basicAuthUsername = "admin"
      basicAuthPassword = "%s"
      [[datasource]]
      name = "down"
      engine = "redis"
      dbHost = "127.0.0.1:1"
      """;

  private HttpClientSupport start(Path dir, String password, AutoCloseable[] holder)
      throws Exception {
    Path cfg = dir.resolve("auth.toml");
    Files.writeString(cfg, CONFIG.formatted(password));
    holder[0] = TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg));
    return new HttpClientSupport(TestAccess.port(holder[0]));
  }

  @Test
  void encPasswordProtectsEveryEndpointButHealthy(@TempDir Path dir) throws Exception {
    AutoCloseable[] holder = new AutoCloseable[1];
    try {
      HttpClientSupport http = start(dir, PasswordCodec.encode("s3cret-pw"), holder);
      for (String path : new String[] {"/metrics", "/probe?target=down", "/sd", "/", "/-/ready"}) {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(401);
        assertThat(r.body()).isEqualTo("Unauthorized\n");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"dbscope\"");
      }
      assertThat(http.get("/-/healthy").statusCode()).isEqualTo(200);
      assertThat(
              http.get("/metrics", "Authorization", HttpClientSupport.basic("admin", "wrong"))
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              http.get("/metrics", "Authorization", HttpClientSupport.basic("root", "s3cret-pw"))
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> ok =
          http.get("/metrics", "Authorization", HttpClientSupport.basic("admin", "s3cret-pw"));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body())
          .contains("redis_up{datasource=\"down\"} 0.0")
          .doesNotContain("s3cret-pw");
    } finally {
      if (holder[0] != null) holder[0].close();
    }
  }

  @Test
  void bcryptHashIsAccepted(@TempDir Path dir) throws Exception {
    String hash = BCrypt.withDefaults().hashToString(4, "hashed-pw".toCharArray());
    AutoCloseable[] holder = new AutoCloseable[1];
    try {
      HttpClientSupport http = start(dir, hash, holder);
      assertThat(
              http.get("/metrics", "Authorization", HttpClientSupport.basic("admin", "hashed-pw"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.get("/metrics", "Authorization", HttpClientSupport.basic("admin", "hashed-px"))
                  .statusCode())
          .isEqualTo(401);
    } finally {
      if (holder[0] != null) holder[0].close();
    }
  }
}
