package io.dbscope.core.definition;

import java.time.Duration;
import java.util.Optional;
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
 * @param tags conditions on the server: {@code primary}, {@code replica}, {@code extension:<name>};
 *     and on the datasource: {@code option:<key>|<key>...}, one of the engine's own keys set to
 *     other than its default (a collector with nothing to do otherwise, such as Redis's key checks)
 * @param group switch that enables it: {@code database} ({@code registerDatabaseMetrics}), {@code
 *     host} ({@code registerHostMetrics}), {@code custom} ({@code registerCustomMetrics}), or one
 *     of the engine's own groups with its own switch
 * @param defaultEnabled whether it runs unless a datasource lists it in {@code collectors}
 * @param mapping how rows become samples
 * @param origin file (and line) it was read from, for messages
 * @param limits how the engine must run it: built-ins run as they are; custom (user) queries run
 *     guarded (read-only transaction, row and series limits)
 * @param serverLabel name of a label put on every sample, valued with the datasource's server
 *     address ({@code host:port}, see {@code DatasourceConfig.server()}); empty: none
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
    String origin,
    Limits limits,
    Optional<String> serverLabel) {

  public Definition {
    tags = Set.copyOf(tags);
  }

  /** A definition without a server label. */
  public Definition(
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
      String origin,
      Limits limits) {
    this(
        id,
        help,
        query,
        ttl,
        timeout,
        cacheClass,
        versions,
        tags,
        group,
        defaultEnabled,
        mapping,
        origin,
        limits,
        Optional.empty());
  }

  /** A built-in definition: trusted SQL, no guard. */
  public Definition(
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
    this(
        id,
        help,
        query,
        ttl,
        timeout,
        cacheClass,
        versions,
        tags,
        group,
        defaultEnabled,
        mapping,
        origin,
        Limits.BUILTIN);
  }

  /**
   * Execution limits.
   *
   * @param guarded run inside a read-only transaction that is always rolled back
   * @param maxRows rows read at most; more are cut and counted
   * @param maxSeries label sets per metric at most (0: no limit); more are dropped and counted
   */
  public record Limits(boolean guarded, int maxRows, int maxSeries) {
    /** Built-in definitions: reviewed SQL; a runaway result is still cut at 10,000 rows. */
    public static final Limits BUILTIN = new Limits(false, 10_000, 0);
  }
}
