package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All monitored datasources of one configuration, by name. Creating a fleet connects to nothing;
 * pools are made on first use.
 */
public final class Fleet implements AutoCloseable {
  private final Map<String, MonitoredDatasource> byName;

  public Fleet(List<MonitoredDatasource> datasources) {
    Map<String, MonitoredDatasource> m = new LinkedHashMap<>();
    for (MonitoredDatasource d : datasources) {
      if (m.putIfAbsent(d.config().name(), d) != null) {
        throw new IllegalArgumentException("datasource name '" + d.config().name() + "' is used twice");
      }
    }
    this.byName = Collections.unmodifiableMap(m);
  }

  /** Builds the fleet of a validated config; the config loader has checked every engine name. */
  public static Fleet of(DbscopeConfig config, EngineCatalog engines, EngineResources resources) {
    List<MonitoredDatasource> list = new ArrayList<>();
    for (DatasourceConfig ds : config.datasources()) {
      Engine e =
          engines
              .find(ds.engine())
              .orElseThrow(() -> new IllegalArgumentException("unknown engine " + ds.engine()));
      list.add(new MonitoredDatasource(ds, e, e.open(ds, resources)));
    }
    return new Fleet(list);
  }

  /**
   * For a reload: this (new) fleet, with every datasource whose configuration did not change taken
   * over from {@code old}, so that it keeps its pool, cache, circuit state and query-analytics
   * history. The fresh duplicates are closed (they never connected).
   *
   * @return the new fleet; {@link #names()} of the result minus {@code old}'s taken-over ones is
   *     what {@code old} must close
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

  /** Closes the datasources of this fleet that {@code successor} did not take over. */
  public void closeAllBut(Fleet successor) {
    for (MonitoredDatasource d : byName.values()) {
      if (successor.byName.get(d.config().name()) != d) {
        d.closeWhenIdle();
      }
    }
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

  @Override
  public void close() {
    byName.values().forEach(MonitoredDatasource::close);
  }
}
