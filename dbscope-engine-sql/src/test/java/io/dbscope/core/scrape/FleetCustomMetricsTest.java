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
 * Start-up with custom metrics files: a refused metric is left out alone and a file that cannot be
 * read whole (and said so), or, in strict mode, either refuses the start with every problem.
 * Nothing here connects.
 */
class FleetCustomMetricsTest {
  @TempDir Path dir;

  private final EngineCatalog engines = new EngineCatalog(List.of(SqlTestEngines.postgres()));
  private EngineResources resources;
  private DbscopeConfig config;
  private Path good;
  private Path bad;
  private Path broken;

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
                + "metricsdesc = { v = \"V.\" }\n"
                + "\n"
                + "[[metric]]\n"
                + "context = \"honest\"\n"
                + "request = \"SELECT 2 AS v\"\n"
                + "metricsdesc = { v = \"V.\" }\n");
    broken = Files.writeString(dir.resolve("broken.toml"), "[[metric]\ncontext = \"x\"\n");
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
            customMetricsFile = ["bad.toml", "broken.toml"]
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
        .startsWith(
            "custom metrics files have 2 problems (strict mode refuses to start):\n  "
                + bad
                + ":3: metric evil: request: refused: function pg_read_file reads, lists or"
                + " writes files on the database server (query line 1, column 8)\n  "
                + broken
                + ":2: TOML syntax: ");
  }

  @Test
  void withoutStrictModeOnlyTheRefusedMetricIsLeftOutAndSaidSoInAMetric() {
    try (Fleet fleet = Fleet.of(config, engines, resources)) {
      MonitoredDatasource a = fleet.get("a").orElseThrow();
      MonitoredDatasource b = fleet.get("b").orElseThrow();

      assertThat(a.plan()).isEmpty(); // not connected yet
      assertThat(a.custom().metrics())
          .extracting(m -> m.id())
          .containsExactly("custom:q", "custom:honest");
      assertThat(b.custom().metrics()).extracting(m -> m.id()).containsExactly("custom:honest");
      SampleBatch batch = b.collect(Deadline.in(Duration.ofSeconds(5)));
      assertThat(batch.families())
          .filteredOn(f -> f.name().equals("dbscope_custom_file_loaded"))
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.points())
                      .extracting(p -> p.labels().get("file") + "=" + p.value())
                      .containsExactly(bad + "=1.0", broken + "=0.0"));
      assertThat(batch.families())
          .filteredOn(f -> f.name().equals("dbscope_custom_metric_refused"))
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.points())
                      .extracting(
                          p ->
                              p.labels().get("datasource")
                                  + " "
                                  + p.labels().get("file")
                                  + " "
                                  + p.labels().get("metric")
                                  + "="
                                  + p.value())
                      .containsExactly("b " + bad + " evil=1.0"));
    }
  }

  @Test
  void theCheckReportListsEachMetricWithItsStatus() {
    CustomMetricsReport r = CustomMetricsReport.of(config, engines);

    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).hasSize(2);
    assertThat(r.lines())
        .containsExactly(
            "datasource a (postgres):",
            "  " + good + ": loaded, 1 metric(s)",
            "    ok       line 1    custom:q -> q_v",
            "  " + bad + ": loaded, 2 metric(s), 1 refused",
            "    REJECTED line 3    evil: request: refused: function pg_read_file reads, lists or"
                + " writes files on the database server (query line 1, column 8)",
            "    ok       line 6    custom:honest -> honest_v",
            "datasource b (postgres):",
            "  " + bad + ": loaded, 2 metric(s), 1 refused",
            "    REJECTED line 3    evil: request: refused: function pg_read_file reads, lists or"
                + " writes files on the database server (query line 1, column 8)",
            "    ok       line 6    custom:honest -> honest_v",
            "  " + broken + ": NOT LOADED, 0 metric(s)",
            "    ERROR    " + r.problems().get(1));
  }
}
