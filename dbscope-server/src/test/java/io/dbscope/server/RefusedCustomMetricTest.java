package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003 (M5): a bad query affects no other metric. The seed's own custom metrics file with one
 * refused metric added: {@code run} serves the honest metrics of that file, exports the refused one
 * and logs one line naming it; {@code check} exits 2 naming it; {@code run --strict} keeps the
 * all-or-nothing start and refuses.
 */
class RefusedCustomMetricTest {
  private static final Path SEED_FILE =
      Path.of("").toAbsolutePath().getParent().resolve("config/custom_metrics_prod_master.toml");

  private static PostgresFixture pg;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pg = PostgresFixture.builder().start();
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  /** The seed's file and a metric that reads a server file; returns the refused line. */
  private int writeSeedFileWithARefusedMetric(Path seed) throws Exception {
    String honest = Files.readString(SEED_FILE);
    Files.writeString(
        seed,
        honest
            + "\n[[metric]]\n"
            + "context = \"evil\"\n"
            + "request = \"SELECT pg_read_file('/etc/passwd') AS v\"\n"
            + "metricsdesc = { v = \"Reads a file of the server.\" }\n");
    List<String> lines = Files.readAllLines(seed);
    return lines.indexOf("request = \"SELECT pg_read_file('/etc/passwd') AS v\"") + 1;
  }

  private Path config(int port) throws Exception {
    return Files.writeString(
        dir.resolve("dbscope.toml"),
        """
        listenAddress = "127.0.0.1:%d"

        [[datasource]]
        name = "prod-master"
        engine = "postgres"
        dbHost = "127.0.0.1:%d"
        dbUser = "postgres"
        customMetricsFile = "seed.toml"
        """
            .formatted(port, pg.port()));
  }

  @Test
  void runServesTheHonestMetricsAndReportsTheRefusedOne() throws Exception {
    Path seed = dir.resolve("seed.toml");
    int line = writeSeedFileWithARefusedMetric(seed);
    LoadedConfig loaded = new ConfigLoader(Engines.catalog(), Map.of()).load(config(0));

    try (CapturedLogs logs = CapturedLogs.scrape();
        AutoCloseable running = TestAccess.start(loaded)) {
      String metrics = new HttpClientSupport(TestAccess.port(running)).get("/metrics").body();

      assertThat(metrics.lines())
          .anySatisfy(l -> assertThat(l).startsWith("prod_sessions_sessions{"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("dbscope_collector_success{")
                      .contains("collector=\"custom:prod_sessions\"")
                      .endsWith(" 1.0"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("dbscope_custom_file_loaded{")
                      .contains("file=\"" + seed + "\"")
                      .endsWith(" 1.0"))
          .noneSatisfy(l -> assertThat(l).startsWith("evil_v"))
          .noneSatisfy(l -> assertThat(l).contains("collector=\"custom:evil\""));
      assertThat(metrics.lines().filter(l -> l.startsWith("dbscope_custom_metric_refused{")))
          .singleElement()
          .asString()
          .contains("datasource=\"prod-master\"")
          .contains("file=\"" + seed + "\"")
          .contains("metric=\"evil\"")
          .endsWith(" 1.0");
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("evil"))
          .singleElement()
          .asString()
          .startsWith("WARN [prod-master] custom metric refused, the rest of its file runs: ")
          .contains(seed + ":" + line + ": metric evil: request: refused: function pg_read_file")
          .doesNotContain("/etc/passwd");
    }
  }

  @Test
  void checkExitsTwoNamingTheRefusedMetricAndStrictRunRefusesToStart() throws Exception {
    Path seed = dir.resolve("seed.toml");
    int line = writeSeedFileWithARefusedMetric(seed);
    Path cfg = config(FreePort.find());

    CommandLineTest.Result check = CommandLineTest.run("check", "--config", cfg.toString());

    assertThat(check.exit()).isEqualTo(2);
    assertThat(check.err())
        .contains(seed + ":" + line + ": metric evil: request: refused: function pg_read_file")
        .doesNotContain("/etc/passwd");
    assertThat(check.out())
        .contains(seed + ": loaded, 3 metric(s), 1 refused")
        .containsPattern("ok +line \\d+ +custom:prod_sessions")
        .containsPattern("REJECTED line " + line + " +evil: ");

    CommandLineTest.Result strict =
        CommandLineTest.run("run", "--config", cfg.toString(), "--strict");

    assertThat(strict.exit()).isEqualTo(2);
    assertThat(strict.err())
        .contains("strict mode refuses to start")
        .contains(seed + ":" + line + ": metric evil:")
        .doesNotContain("\tat ");
  }
}
