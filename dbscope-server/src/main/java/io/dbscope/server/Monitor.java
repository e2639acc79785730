package io.dbscope.server;

import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.custom.LabelWarnings;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.Fleet;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.core.scrape.Scraper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One running configuration: its fleet of datasources, their health checks and the scraper. A
 * reload builds a new Monitor beside the running one, taking over the datasources whose settings
 * did not change, then swaps; a scrape keeps the Monitor it started with, so it always sees one
 * consistent set.
 *
 * <pre>{@code
 * Monitor m = Monitor.start(config, platform, Optional.empty());
 * Exposition e = m.scrapeAll(Deadline.in(Duration.ofSeconds(10)));
 * }</pre>
 */
public final class Monitor implements AutoCloseable {
  private final DbscopeConfig config;
  private final Platform platform;
  private final Fleet fleet;
  private final Scraper scraper;
  private final List<ScheduledFuture<?>> checks = new ArrayList<>();

  private Monitor(DbscopeConfig config, Platform platform, Fleet fleet) {
    this.config = config;
    this.platform = platform;
    this.fleet = fleet;
    this.scraper =
        new Scraper(
            platform.executor(),
            platform.processMetrics(),
            platform::runtimeSamples,
            platform::processSamples);
  }

  /**
   * Builds the fleet (taking over unchanged datasources from {@code previous}) and starts each
   * datasource's health check; connects to nothing in this thread.
   */
  public static Monitor start(DbscopeConfig config, Platform platform, Optional<Monitor> previous) {
    Fleet fresh = Fleet.of(config, platform.engines(), platform.resources(), platform.strict());
    Fleet fleet = previous.map(p -> fresh.reusing(p.fleet)).orElse(fresh);
    Monitor m = new Monitor(config, platform, fleet);
    fleet.all().forEach(d -> d.listen(platform.collections()));
    m.scheduleHealthChecks();
    return m;
  }

  private void scheduleHealthChecks() {
    for (MonitoredDatasource d : fleet.all()) {
      if (!d.config().enabled()) {
        continue;
      }
      long interval = Math.max(1000, d.config().healthCheckInterval().toMillis());
      // Jitter spreads a large fleet's checks over the interval instead of one burst.
      long first =
          fleet.size() <= 1 ? 0 : ThreadLocalRandom.current().nextLong(Math.min(interval, 5000));
      String name = d.config().name();
      checks.add(
          platform
              .resources()
              .scheduler()
              .scheduleWithFixedDelay(
                  // In a cluster only the owner checks, so that N instances do not each connect.
                  () -> {
                    if (platform.cluster().ownsLocally(name)) {
                      platform.executor().execute(d::check);
                    }
                  },
                  first,
                  interval,
                  TimeUnit.MILLISECONDS));
    }
  }

  /** Counts a {@code /probe} request that named no datasource, or one that does not exist. */
  public void targetRequestRefused() {
    platform.targetRequestRefused();
  }

  /** Warnings about the labels of its custom metrics (see {@link LabelWarnings}), to log. */
  public List<String> labelWarnings() {
    return LabelWarnings.warnings(fleet.all().stream().map(MonitoredDatasource::custom).toList());
  }

  public DbscopeConfig config() {
    return config;
  }

  public Fleet fleet() {
    return fleet;
  }

  /**
   * Every datasource this instance owns (all of them outside a cluster) plus process metrics: the
   * answer of {@code /metrics}.
   */
  public Exposition scrapeAll(Deadline deadline) {
    ClusterView cluster = platform.cluster();
    List<MonitoredDatasource> mine =
        cluster.clustered()
            ? fleet.all().stream().filter(d -> cluster.ownsLocally(d.config().name())).toList()
            : fleet.all();
    return scraper.scrape(mine, deadline, plan(), true);
  }

  /**
   * One datasource alone: the answer of {@code /probe?target=name}; empty when there is no such
   * datasource or another instance of the cluster owns it.
   */
  public Optional<Exposition> scrapeOne(String name, Deadline deadline) {
    return fleet
        .get(name)
        .filter(d -> platform.cluster().ownsLocally(name))
        .map(d -> scraper.scrape(List.of(d), deadline, plan(), false));
  }

  /** Which datasources this instance scrapes, and who scrapes the others. */
  public ClusterView cluster() {
    return platform.cluster();
  }

  private Scraper.Plan plan() {
    var g = config.global();
    return new Scraper.Plan(
        g.collectStrategy(),
        g.maxConcurrentGroups(),
        g.groupTimeout(),
        g.maxConcurrentCollections());
  }

  private void stopChecks() {
    checks.forEach(f -> f.cancel(false));
    checks.clear();
  }

  /**
   * Retires this Monitor after a reload: stops its health checks and closes the datasources the
   * successor did not take over, each once its collection in flight has finished.
   */
  public void retire(Monitor successor) {
    stopChecks();
    fleet.closeAllBut(successor.fleet);
  }

  @Override
  public void close() {
    stopChecks();
    fleet.close();
  }
}
