package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsException;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.custom.CustomSet;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.custom.Problem;
import io.dbscope.core.custom.RefusedMetric;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * All monitored datasources of one configuration, by name. Creating a fleet connects to nothing;
 * pools are made on first use.
 */
public final class Fleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private final Map<String, MonitoredDatasource> byName;

  public Fleet(List<MonitoredDatasource> datasources) {
    Map<String, MonitoredDatasource> m = new LinkedHashMap<>();
    for (MonitoredDatasource d : datasources) {
      if (m.putIfAbsent(d.config().name(), d) != null) {
        throw new IllegalArgumentException(
            "datasource name '" + d.config().name() + "' is used twice");
      }
    }
    this.byName = Collections.unmodifiableMap(m);
  }

  /** Builds the fleet of a validated config; the config loader has checked every engine name. */
  public static Fleet of(DbscopeConfig config, EngineCatalog engines, EngineResources resources) {
    return of(config, engines, resources, false);
  }

  /**
   * Builds the fleet of a validated config, with each datasource's custom metrics files (when its
   * {@code registerCustomMetrics} is on). A file listed by several datasources is read once.
   *
   * <p>A metric with a problem is refused alone and the rest of its file runs; a file with a
   * problem that concerns no single metric is left out of the datasources that list it. Without
   * {@code strict}, dbscope starts anyway and says so: one log line per refused metric and per file
   * left out (per datasource), and {@code dbscope_custom_metric_refused} and {@code
   * dbscope_custom_file_loaded} on every scrape. With {@code strict} it is all or nothing: nothing
   * is built and a {@link CustomMetricsException} lists every problem with file, line, metric and
   * reason.
   *
   * @throws CustomMetricsException in strict mode, when any custom metrics file has a problem
   */
  public static Fleet of(
      DbscopeConfig config, EngineCatalog engines, EngineResources resources, boolean strict) {
    CustomFiles files = new CustomFiles(CustomMetricsLoader.of(config.global()));
    Map<String, CustomSet> custom = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (DatasourceConfig ds : config.datasources()) {
      CustomSet set = files.resolve(ds, engine(engines, ds));
      custom.put(ds.name(), set);
      for (FileStatus f : set.files()) {
        problems.addAll(f.problems().stream().filter(p -> !problems.contains(p)).toList());
        if (!strict) {
          warn(ds, f);
        }
      }
    }
    if (strict && !problems.isEmpty()) {
      throw new CustomMetricsException(problems);
    }
    List<MonitoredDatasource> list = new ArrayList<>();
    FleetShared shared = new FleetShared();
    for (DatasourceConfig ds : config.datasources()) {
      Engine e = engine(engines, ds);
      list.add(
          new MonitoredDatasource(ds, e, e.open(ds, resources), custom.get(ds.name()), shared));
    }
    return new Fleet(list);
  }

  private static Engine engine(EngineCatalog engines, DatasourceConfig ds) {
    return engines
        .find(ds.engine())
        .orElseThrow(() -> new IllegalArgumentException("unknown engine " + ds.engine()));
  }

  /**
   * One line for a file left out whole, else one per refused metric. The reasons name file, line,
   * metric and what is wrong, never the query's text.
   */
  private static void warn(DatasourceConfig ds, FileStatus f) {
    if (f.clean()) {
      return;
    }
    MDC.put("datasource", ds.name());
    try {
      if (!f.loaded()) {
        log.warn(
            "custom metrics file {} not loaded ({} problem{}): {}",
            f.file(),
            f.problems().size(),
            f.problems().size() == 1 ? "" : "s",
            String.join("; ", f.problems().stream().map(Problem::toString).toList()));
        return;
      }
      for (RefusedMetric r : f.refused()) {
        log.warn("custom metric refused, the rest of its file runs: {}", r);
      }
    } finally {
      MDC.remove("datasource");
    }
  }

  /**
   * For a reload: this (new) fleet, with every datasource whose setup did not change taken over
   * from {@code old}, so that it keeps its pool, cache, circuit state and query-analytics history.
   * The fresh duplicates are closed (they never connected).
   */
  public Fleet reusing(Fleet old) {
    List<MonitoredDatasource> merged = new ArrayList<>();
    for (MonitoredDatasource fresh : byName.values()) {
      MonitoredDatasource before = old.byName.get(fresh.config().name());
      if (before != null && before.sameSetup(fresh)) {
        merged.add(before);
        fresh.close();
      } else {
        merged.add(fresh);
      }
    }
    return new Fleet(merged);
  }

  /**
   * Closes the datasources of this fleet that {@code successor} did not take over, all at once (see
   * {@link #close()}).
   */
  public void closeAllBut(Fleet successor) {
    closeAll(
        byName.values().stream().filter(d -> successor.byName.get(d.config().name()) != d).toList(),
        MonitoredDatasource::closeWhenIdle);
  }

  public java.util.Set<String> names() {
    return byName.keySet();
  }

  public List<MonitoredDatasource> all() {
    return List.copyOf(byName.values());
  }

  public Optional<MonitoredDatasource> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public int size() {
    return byName.size();
  }

  /**
   * Closes every datasource, all at once. A JDBC pool still connecting to a database that does not
   * answer takes up to its {@code connectTimeout} to close (HikariCP waits for its attempt), so
   * that one after the other, the databases of a cut-off network zone held a fleet's stop or reload
   * for the sum of theirs.
   */
  @Override
  public void close() {
    closeAll(byName.values(), MonitoredDatasource::close);
  }

  private static void closeAll(
      Collection<MonitoredDatasource> datasources, Consumer<MonitoredDatasource> close) {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (MonitoredDatasource d : datasources) {
        threads.execute(
            () -> {
              try {
                close.accept(d);
              } catch (RuntimeException e) {
                log.warn("closing datasource {} failed: {}", d.config().name(), e.toString());
              }
            });
      }
    }
  }
}
