package io.dbscope.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration: global settings plus the datasources. Immutable; a reload
 * builds a new one and swaps the reference.
 *
 * @param source the file it was read from (for messages), or empty when built in code
 */
public record DbscopeConfig(
    Optional<Path> source, GlobalConfig global, List<DatasourceConfig> datasources) {

  public DbscopeConfig {
    datasources = List.copyOf(datasources);
  }

  public Optional<DatasourceConfig> datasource(String name) {
    return datasources.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /**
   * Global (process-wide) settings.
   *
   * @param listenHost host part of {@code listenAddress}; empty means every interface
   * @param listenPort port part of {@code listenAddress}
   * @param logFile optional log file; console only when empty
   * @param logFormat {@code text} or {@code json}
   * @param logMaxSizeMb rotate the log file at this size (seed {@code logMaxSize})
   * @param logMaxBackups rotated files kept
   * @param logMaxAgeDays days a rotated file is kept
   * @param basicAuthPassword clear password or a bcrypt hash ({@code $2a$…}/{@code $2b$…}/{@code
   *     $2y$…})
   * @param scrapeTimeoutDefault deadline for a scrape that sends no {@code
   *     X-Prometheus-Scrape-Timeout-Seconds}
   * @param scrapeTimeoutFactor the deadline is the header's value times this
   * @param scrapeTimeoutMax cap on the deadline whatever the header says
   * @param kafka the Kafka event sink ({@link KafkaSinkConfig#enabled()} false when not configured)
   * @param cluster the {@code [cluster]} table when it names a Redis: this instance is one of
   *     several sharing the datasources; empty: it scrapes them all
   * @param options the values of the top-level keys engines bring ({@code Engine
   *     .globalOptionTables}) that the config writes
   */
  public record GlobalConfig(
      String listenHost,
      int listenPort,
      String metricPath,
      String logLevel,
      Optional<Path> logFile,
      String logFormat,
      int logMaxSizeMb,
      int logMaxBackups,
      int logMaxAgeDays,
      boolean enableBasicAuth,
      String basicAuthUsername,
      Secret basicAuthPassword,
      CollectStrategy collectStrategy,
      int maxConcurrentGroups,
      Duration groupTimeout,
      int maxConcurrentCollections,
      Duration scrapeTimeoutDefault,
      double scrapeTimeoutFactor,
      Duration scrapeTimeoutMax,
      boolean allowUncheckedQueries,
      String eventLog,
      KafkaSinkConfig kafka,
      Optional<ClusterConfig> cluster,
      EngineOptions options) {

    /** The value of a top-level key an engine brings: as written, or its default. */
    public <T> T option(Option<T> option) {
      return options.get(option);
    }
  }
}
