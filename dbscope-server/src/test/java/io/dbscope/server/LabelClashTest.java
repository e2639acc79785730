package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.RedisFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A datasource's own labels may use names that dbscope's self metrics use too (the seed's own
 * example has {@code role=master}); the scrape must still answer, with the self-metric's label
 * winning on that metric.
 */
class LabelClashTest {

  @Test
  void userLabelsNamedLikeSelfMetricLabelsDoNotBreakTheScrape(@TempDir Path dir) throws Exception {
    try (RedisFixture redis = RedisFixture.system().start()) {
      Path cfg = dir.resolve("clash.toml");
      Files.writeString(
          cfg,
          """
          listenAddress = "127.0.0.1:0"
          [[datasource]]
          name = "r"
          engine = "redis"
          dbHost = "127.0.0.1:%d"
          labels = "role=master,engine=cache,server_role=x,server_version=y,reason=z"
          """
              .formatted(redis.port()));
      try (AutoCloseable running =
          TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg))) {
        HttpClientSupport http = new HttpClientSupport(TestAccess.port(running));
        long t0 = System.nanoTime();
        String body = http.get("/metrics").body();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(body)
            .contains(
                "redis_up{datasource=\"r\",engine=\"cache\",reason=\"z\",role=\"master\",server_role=\"x\",server_version=\"y\"} 1.0");
        assertThat(body.lines().filter(l -> l.startsWith("dbscope_datasource_timeout{")))
            .singleElement()
            .asString()
            .endsWith(" 0.0");
        assertThat(body.lines().filter(l -> l.startsWith("dbscope_datasource_info{")))
            .singleElement()
            .asString()
            .contains("engine=\"redis\"")
            .contains("server_role=\"primary\"")
            .contains("role=\"master\"");
      }
    }
  }
}
