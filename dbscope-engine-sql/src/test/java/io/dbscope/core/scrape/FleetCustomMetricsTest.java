package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.custom.CustomMetricsException;
import io.dbscope.core.custom.CustomMetricsReport;
import io.dbscope.core.custom.SqlTestEngines;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.SampleBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up with custom metrics files: a broken file is left out (and said so) or, in strict mode,
 * refuses the start with every problem. Nothing here connects.
 */
class FleetCustomMetricsTest {
  @TempDir Path dir;

  private final EngineCatalog engines = new EngineCatalog(List.of(SqlTestEngines.postgres()));
  private EngineResources resources;
  private DbscopeConfig config;
  private Path good;
  private Path bad;

  @BeforeEach
  void writeConfig() throws IOException {
    resources = EngineResources.create();
    good =
        Files.writeString(
            dir.resolve("good.toml"),
            "[[metric]]\n"
                + "context = \"q\"\n"
                + "request = \"SELECT 1 AS v\"\n"
                + "metricsdesc = { v = \"V.\" }\n");
    bad =
        Files.writeString(
            dir.resolve("bad.toml"),
            "[[metric]]\n"
                + "context = \"evil\"\n"
                + "request = \"SELECT pg_read_file('/etc/passwd') AS v\"\n"
                + "metricsdesc = { v = \"V.\" }\n");
    Path cfg =
        Files.writeString(
            dir.resolve("dbscope.toml"),
            """
            [[datasource]]
            name = "a"
            engine = "postgres"
            dbHost = "127.0.0.1:1"
            customMetricsFile = ["good.toml", "bad.toml"]

            [[datasource]]
            name = "b"
            engine = "postgres"
            dbHost = "127.0.0.1:1"
            customMetricsFile = "bad.toml"
            """);
    LoadedConfig loaded = new ConfigLoader(engines, Map.of()).load(cfg);
    config = loaded.config();
  }

  @AfterEach
  void close() {
    resources.close();
  }

  @Test
  void strictModeRefusesToStartAndListsEveryProblemOnce() {
    CustomMetricsException e =
        catchThrowableOfType(
            CustomMetricsException.class, () -> Fleet.of(config, engines, resources, true));

    assertThat(e.getMessage())
        .isEqualTo(
            "custom metrics files have 1 problem (strict mode refuses to start):\n  "
                + bad
                + ":3: metric evil: request: refused: function pg_read_file reads, lists or"
                + " writes files on the database server (query line 1, column 8)");
  }

  @Test
  void withoutStrictModeTheBrokenFileIsLeftOutAndSaidSoInAMetric() {
    try (Fleet fleet = Fleet.of(config, engines, resources)) {
      MonitoredDatasource a = fleet.get("a").orElseThrow();

      assertThat(a.plan()).isEmpty(); // not connected yet
      assertThat(a.custom().metrics()).extracting(m -> m.id()).containsExactly("custom:q");
      SampleBatch batch = a.collect(Deadline.in(Duration.ofSeconds(5)));
      assertThat(batch.families())
          .filteredOn(f -> f.name().equals("dbscope_custom_file_loaded"))
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.points())
                      .extracting(p -> p.labels().get("file") + "=" + p.value())
                      .containsExactly(good + "=1.0", bad + "=0.0"));
    }
  }

  @Test
  void theCheckReportListsEachMetricWithItsStatus() {
    CustomMetricsReport r = CustomMetricsReport.of(config, engines);

    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).hasSize(1);
    assertThat(r.lines())
        .containsExactly(
            "datasource a (postgres):",
            "  " + good + ": loaded, 1 metric(s)",
            "    ok       line 1    custom:q -> q_v",
            "  " + bad + ": NOT LOADED, 1 metric(s)",
            "    REJECTED line 3    evil: request: refused: function pg_read_file reads, lists or"
                + " writes files on the database server (query line 1, column 8)",
            "datasource b (postgres):",
            "  " + bad + ": NOT LOADED, 1 metric(s)",
            "    REJECTED line 3    evil: request: refused: function pg_read_file reads, lists or"
                + " writes files on the database server (query line 1, column 8)");
  }
}
