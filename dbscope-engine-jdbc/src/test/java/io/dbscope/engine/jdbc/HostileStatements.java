package io.dbscope.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import io.dbscope.testkit.contract.SqlContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code CustomMetricsContract} shows for the built-in engines, for a database the generic
 * engine reaches through a driver loaded from a directory: every hostile statement, one per file,
 * is refused at load by the neutral guard and never runs, the honest metric beside them is served
 * with the {@code datasource} label, and what the statements aim at (the canaries) is unchanged.
 * Whether a statement reached the server is asked of the server's own log where it has one ({@code
 * seen}); an embedded database without one is judged by its canaries only.
 */
final class HostileStatements {
  private HostileStatements() {}

  /** How many logged statements contain a fragment; empty for a database with no statement log. */
  interface StatementLog {
    void forget() throws Exception;

    long seen(String fragment) throws Exception;
  }

  static final StatementLog NO_LOG =
      new StatementLog() {
        @Override
        public void forget() {}

        @Override
        public long seen(String fragment) {
          return -1;
        }
      };

  /**
   * Writes each of {@code hostile} in a file of its own and {@code good} (value column {@code n},
   * {@code expected}) in another, opens {@code ds} on them and scrapes once.
   */
  static void refusedAndNeverRun(
      Path dir,
      DatasourceBuilder ds,
      List<String> hostile,
      String good,
      double expected,
      Callable<Object> canaries,
      StatementLog log)
      throws Exception {
    assertThat(hostile).hasSizeGreaterThanOrEqualTo(20);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < hostile.size(); i++) {
      files.add(
          Files.writeString(
              dir.resolve("evil-" + i + ".toml"), SqlContract.metric("evil_" + i, hostile.get(i))));
    }
    Path honest = Files.writeString(dir.resolve("good.toml"), SqlContract.metric("good", good));
    files.add(honest);
    Object before = canaries.call();
    log.forget();
    DatasourceConfig cfg = ds.customMetricsFiles(files).queryTimeout(Duration.ofSeconds(5)).build();
    JdbcEngine engine = new JdbcEngine();
    CustomFiles custom = new CustomFiles(new CustomMetricsLoader(false, EngineOptions.none()));
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource m =
            new MonitoredDatasource(
                cfg, engine, engine.open(cfg, resources), custom.resolve(cfg, engine))) {
      List<FileStatus> status = m.custom().files();
      for (int k = 0; k < hostile.size(); k++) {
        assertThat(status.get(k).metrics()).as(hostile.get(k)).isEmpty();
        assertThat(status.get(k).problems())
            .as(hostile.get(k))
            .singleElement()
            .asString()
            .startsWith(files.get(k) + ":")
            .contains("metric evil_" + k + ": request: refused: ");
      }
      ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(s.value("jdbc_up", "datasource", cfg.name())).isEqualTo(1);
      assertThat(Scraped.success(s, cfg.name(), "custom:good")).isEqualTo(1);
      assertThat(s.value("good_n", "datasource", cfg.name())).isEqualTo(expected);
      for (int k = 0; k < hostile.size(); k++) {
        assertThat(s.value("dbscope_custom_metric_refused", "metric", "evil_" + k)).isEqualTo(1);
        assertThat(s.find("dbscope_collector_success", "collector", "custom:evil_" + k)).isEmpty();
      }
    }
    // Asked before the canaries are read again: that read names them too.
    if (log != NO_LOG) {
      assertThat(log.seen("canary"))
          .as("statements on the canaries that reached the server")
          .isZero();
      assertThat(log.seen(good.substring(good.indexOf("FROM"))))
          .as("the good query did reach the server")
          .isPositive();
    }
    assertThat(canaries.call()).as("what the hostile statements aim at").isEqualTo(before);
  }
}
