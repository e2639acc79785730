package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.FreePort;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} listens before it judges the custom metrics files, which can take a while: {@code
 * /-/healthy} answers 200 at once (the process is alive), {@code /-/ready} and every other path 503
 * until the config and its custom files are loaded. Before, nothing answered at all, so a liveness
 * probe restarted a dbscope that was only busy starting.
 */
class StartupOrderTest {
  @TempDir Path dir;

  @Test
  void healthyAnswersWhileCustomFilesAreStillBeingJudged() throws Exception {
    int port = FreePort.find();
    Path cfg = dir.resolve("c.toml");
    Files.writeString(
        cfg,
        "listenAddress = \"127.0.0.1:%d\"\n[[datasource]]\nname = \"r\"\nengine = \"redis\"\ndbHost = \"127.0.0.1:1\"\n"
            .formatted(port));
    LoadedConfig loaded = new ConfigLoader(Engines.catalog(), Map.of()).load(cfg);
    CountDownLatch judging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<AutoCloseable> started =
        CompletableFuture.supplyAsync(
            () ->
                TestAccess.startBlockedWhileJudging(
                    loaded,
                    () -> {
                      judging.countDown();
                      await(release);
                    }));
    try {
      assertThat(judging.await(30, TimeUnit.SECONDS)).as("start reached the custom files").isTrue();
      HttpClientSupport http = new HttpClientSupport(port);

      HttpResponse<String> healthy = http.get("/-/healthy");
      HttpResponse<String> ready = http.get("/-/ready");
      HttpResponse<String> metrics = http.get("/metrics");

      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("starting");
      assertThat(metrics.statusCode()).isEqualTo(503);
      assertThat(started).isNotDone();

      release.countDown();
      AutoCloseable running = started.get(30, TimeUnit.SECONDS);
      try (running) {
        assertThat(http.get("/-/ready").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").body()).contains("redis_up{datasource=\"r\"} 0.0");
      }
    } finally {
      release.countDown();
      if (!started.isDone()) {
        started.cancel(true);
      }
    }
  }

  @Test
  void aStrictStartThatRefusesCustomFilesReleasesThePort(@TempDir Path d) throws Exception {
    int port = FreePort.find();
    Files.writeString(
        d.resolve("custom.toml"),
        "[[metric]]\ncontext = \"x\"\nrequest = \"DROP TABLE t\"\nmetricsdesc = { n = \"n\" }\n");
    Path cfg = d.resolve("c.toml");
    Files.writeString(
        cfg,
        ("listenAddress = \"127.0.0.1:%d\"\n[[datasource]]\nname = \"r\"\nengine = \"postgres\"\n"
                + "dbHost = \"127.0.0.1:1\"\ncustomMetricsFile = \"custom.toml\"\n")
            .formatted(port));

    CommandLineTest.Result r = CommandLineTest.run("run", "--config", cfg.toString(), "--strict");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("custom.toml");
    assertThat(listening(port)).as("the port is closed again").isFalse();
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
