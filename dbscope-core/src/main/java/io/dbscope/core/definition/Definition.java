package io.dbscope.core.definition;

import java.time.Duration;
import java.util.Set;

/**
 * One built-in or custom collector, described as data: the query to run and how its rows map to
 * samples. Loaded from YAML by {@link DefinitionLoader}; run by an engine.
 *
 * @param id collector id, unique per engine; the {@code collector} label of self-metrics
 * @param help what the collector reads, for docs and {@code /explain}-style listings
 * @param query SQL for JDBC engines; a command such as {@code INFO} for Redis
 * @param ttl how long a result may be served from cache (zero: every scrape)
 * @param timeout upper bound for this query; the datasource's {@code queryTimeout} and the scrape
 *     deadline may shorten it
 * @param cacheClass which per-datasource cache-time key overrides the ttl
 * @param versions server versions the definition applies to
 * @param tags conditions on the server: {@code primary}, {@code replica}, {@code
 *     extension:<name>}
 * @param group switch that enables it: {@code database} ({@code registerDatabaseMetrics}), {@code
 *     host} ({@code registerHostMetrics}), {@code dmhs}, {@code custom}
 * @param defaultEnabled whether it runs unless a datasource lists it in {@code collectors}
 * @param mapping how rows become samples
 * @param origin file (and line) it was read from, for messages
 */
public record Definition(
    String id,
    String help,
    String query,
    Duration ttl,
    Duration timeout,
    CacheClass cacheClass,
    VersionRange versions,
    Set<String> tags,
    String group,
    boolean defaultEnabled,
    Mapping mapping,
    String origin) {

  public Definition {
    tags = Set.copyOf(tags);
  }
}
