package io.dbscope.server;

import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.Fleet;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.core.scrape.Scraper;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A running configuration: the fleet of datasources, their health checks and the scraper. One
 * object owns every thread and pool it starts and releases them on {@link #close()}.
 *
 * <pre>{@code
 * try (Monitor m = Monitor.start(config, engines, BuildInfo.current())) {
 *   Exposition e = m.scrapeAll(Deadline.in(Duration.ofSeconds(10)));
 * }
 * }</pre>
 */
public final class Monitor implements AutoCloseable {
  private final DbscopeConfig config;
  private final EngineResources resources;
  private final ExecutorService executor;
  private final Fleet fleet;
  private final Scraper scraper;
  private final List<ScheduledFuture<?>> checks = new ArrayList<>();

  private Monitor(DbscopeConfig config, EngineCatalog engines, BuildInfo build) {
    this.config = config;
    this.resources = EngineResources.create();
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dbscope-collect-", 0).factory());
    this.fleet = Fleet.of(config, engines, resources);
    PrometheusRegistry process = new PrometheusRegistry();
    JvmMetrics.builder().register(process);
    this.scraper = new Scraper(executor, process, build.samples());
  }

  /** Builds the fleet and starts each datasource's health check; connects to nothing in this thread. */
  public static Monitor start(DbscopeConfig config, EngineCatalog engines, BuildInfo build) {
    Monitor m = new Monitor(config, engines, build);
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
      long first = fleet.size() <= 1 ? 0 : ThreadLocalRandom.current().nextLong(Math.min(interval, 5000));
      checks.add(
          resources
              .scheduler()
              .scheduleWithFixedDelay(
                  () -> executor.execute(d::check), first, interval, TimeUnit.MILLISECONDS));
    }
  }

  public DbscopeConfig config() {
    return config;
  }

  public Fleet fleet() {
    return fleet;
  }

  /** Every datasource plus process metrics: the answer of {@code /metrics}. */
  public Exposition scrapeAll(Deadline deadline) {
    return scraper.scrape(fleet.all(), deadline, plan(), true);
  }

  /** One datasource alone: the answer of {@code /probe?target=name}. */
  public Optional<Exposition> scrapeOne(String name, Deadline deadline) {
    return fleet
        .get(name)
        .map(d -> scraper.scrape(List.of(d), deadline, plan(), false));
  }

  private Scraper.Plan plan() {
    var g = config.global();
    return new Scraper.Plan(g.collectStrategy(), g.maxConcurrentGroups(), g.groupTimeout());
  }

  @Override
  public void close() {
    checks.forEach(f -> f.cancel(false));
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fleet.close();
    resources.close();
  }

  static Duration since(long nanoStart) {
    return Duration.ofNanos(System.nanoTime() - nanoStart);
  }
}
