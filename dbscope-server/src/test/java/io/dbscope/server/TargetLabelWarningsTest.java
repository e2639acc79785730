package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} prints a warning for every label Prometheus would rename ({@code instance}, {@code
 * job}), in the datasource's labels and in custom metrics, and still accepts the config.
 */
class TargetLabelWarningsTest {
  @TempDir Path dir;

  @Test
  void checkWarnsAboutInstanceAndJobLabelsAndAcceptsTheConfig() throws Exception {
    Files.writeString(
        dir.resolve("custom.toml"),
        """
        [[metric]]
        context = "queue"
        labels = ["instance"]
        request = "SELECT 'a' AS instance, 1 AS depth"
        metricsdesc = { depth = "Depth." }
        """);
    Path cfg = dir.resolve("c.toml");
    Files.writeString(
        cfg,
        """
        [[datasource]]
        name = "pg"
        engine = "postgres"
        dbHost = "127.0.0.1:1"
        labels = "job=billing"
        customMetricsFile = "custom.toml"
        """);

    CommandLineTest.Result r = CommandLineTest.run("check", "--config", cfg.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("warning: ")))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(cfg + ":5: datasource[pg].labels: label 'job'")
                    .contains("exported_job"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(dir.resolve("custom.toml") + ":1: metric custom:queue:")
                    .contains("label 'instance'")
                    .contains("exported_instance"));
  }
}
