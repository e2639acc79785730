package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomMetricRunner;
import io.dbscope.core.custom.CustomMetricsReport;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.Fleet;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Scraped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config with several PostgreSQL datasources and different custom metrics files, started as
 * {@code dbscope run} starts it ({@link Fleet#of}): each datasource exports its own files' metrics
 * and nothing of the others', a failing custom collector harms nothing else, and every query of the
 * sample files in {@code config/} succeeds on the oldest and the newest supported major.
 */
class PostgresCustomFleetTest {
  private static final Path CONFIG_DIR = Path.of("").toAbsolutePath().getParent().resolve("config");

  @TempDir Path dir;

  static Stream<String> majors() {
    return Stream.of("18", "13");
  }

  private static PostgresFixture start(String major) {
    PostgresFixture.Builder b = PostgresFixture.builder();
    if (major.equals("13")) {
      b.binariesJar(Path.of(System.getProperty("dbscope.pg.oldest.binaries")));
    }
    return b.start();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void eachDatasourceExportsItsOwnFilesAndTheSamplesWork(String major) throws IOException {
    Path other =
        Files.writeString(
            dir.resolve("other.toml"),
            """
            [[metric]]
            context = "b_only"
            request = "SELECT 7 AS value"
            metricsdesc = { value = "Seven." }

            [[metric]]
            context = "b_broken"
            request = "SELECT no_such_column AS value FROM pg_database"
            metricsdesc = { value = "Never." }
            """);
    List<Path> samples =
        List.of(
            CONFIG_DIR.resolve("custom-metrics-postgres.toml"),
            CONFIG_DIR.resolve("custom-metrics-generic.toml"),
            CONFIG_DIR.resolve("custom_metrics_prod_master.toml"),
            CONFIG_DIR.resolve("custom_metrics_prod_slave.toml"));
    PostgresEngine engine = new PostgresEngine();
    EngineCatalog engines = new EngineCatalog(List.of(engine));

    try (PostgresFixture pg = start(major);
        EngineResources resources = EngineResources.create()) {
      Path cfg =
          Files.writeString(
              dir.resolve("dbscope.toml"),
              """
              [[datasource]]
              name = "a"
              engine = "postgres"
              dbHost = "127.0.0.1:%1$d"
              dbUser = "postgres"
              dbPwd = "x"
              labels = "team=db"
              customMetricsFile = [%2$s]

              [[datasource]]
              name = "b"
              engine = "postgres"
              dbHost = "127.0.0.1:%1$d"
              dbUser = "postgres"
              dbPwd = "x"
              registerDatabaseMetrics = false
              customMetricsFile = "%3$s"
              """
                  .formatted(
                      pg.port(),
                      String.join(", ", samples.stream().map(p -> "\"" + p + "\"").toList()),
                      other));
      DbscopeConfig config = new ConfigLoader(engines, Map.of()).load(cfg).config();

      CustomMetricsReport report = CustomMetricsReport.of(config, engines);
      assertThat(report.problems()).isEmpty();

      try (Fleet fleet = Fleet.of(config, engines, resources, true)) {
        MonitoredDatasource a = fleet.get("a").orElseThrow();
        MonitoredDatasource b = fleet.get("b").orElseThrow();
        ExpositionText s =
            Scraped.of(
                a.collect(Deadline.in(Duration.ofSeconds(30))),
                b.collect(Deadline.in(Duration.ofSeconds(30))));

        List<CustomMetric> sampleMetrics = a.custom().metrics();
        assertThat(sampleMetrics).hasSizeGreaterThanOrEqualTo(12);
        for (CustomMetric m : sampleMetrics) {
          assertThat(Scraped.success(s, "a", m.id()))
              .as("%s on PostgreSQL %s", m.origin(), major)
              .isEqualTo(1);
        }
        assertThat(s.value("custom_pg_setting_max_connections", "datasource", "a", "team", "db"))
            .isEqualTo(200);
        assertThat(s.find("custom_pg_sessions_sessions", "datasource", "a", "state", "active"))
            .isPresent();
        assertThat(Scraped.success(s, "a", "pg_stat_database")).isEqualTo(1);

        assertThat(s.value("b_only_value", "datasource", "b")).isEqualTo(7);
        assertThat(Scraped.success(s, "b", "custom:b_broken")).isZero();
        assertThat(s.find("b_only_value", "datasource", "a")).as("b's file is not a's").isEmpty();
        assertThat(s.find("custom_pg_sessions_sessions", "datasource", "b"))
            .as("a's files are not b's")
            .isEmpty();
        assertThat(
                s.find(
                    "dbscope_collector_success",
                    "datasource",
                    "b",
                    "collector",
                    "custom:custom_pg_sessions"))
            .isEmpty();
        assertThat(
                s.find(
                    "dbscope_collector_success",
                    "datasource",
                    "b",
                    "collector",
                    "pg_stat_database"))
            .isEmpty();

        // What `dbscope check --connect` prints: each custom collector run once.
        List<CustomMetricRunner.Run> runs =
            CustomMetricRunner.runAll(b.config(), engine, b.custom(), resources);
        assertThat(runs)
            .extracting(
                CustomMetricRunner.Run::collector,
                CustomMetricRunner.Run::ok,
                CustomMetricRunner.Run::rows)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("custom:b_only", true, 1),
                org.assertj.core.groups.Tuple.tuple("custom:b_broken", false, 0));
        assertThat(runs.get(1).error()).contains("no_such_column");
      }
    }
  }
}
