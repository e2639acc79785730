package io.dbscope.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated {@code [[datasource]]} entry. Built only by the config loader, after every key was
 * checked; the rest of the program never sees unvalidated input.
 *
 * <p>It holds the keys every engine shares; the keys an engine brings itself ({@link OptionTable})
 * are in {@link #options()} and read with {@link #option(Option)}.
 *
 * <p>Durations are already converted from the seed's plain numbers (for example {@code queryTimeout
 * = 30} is 30 seconds, {@code connMaxLifetime = 30} is 30 minutes).
 *
 * @param name unique name, the value of the {@code datasource} label
 * @param engine normalized engine id: {@code postgres}, {@code mysql} (also for MariaDB) or {@code
 *     redis}
 * @param engineAlias the engine as written ({@code mariadb} stays {@code mariadb}), for display
 * @param host host part of {@code dbHost}
 * @param port port part of {@code dbHost}, or the engine's default port
 * @param database database (PostgreSQL, MySQL) or db index (Redis), if given
 * @param url a full JDBC or {@code redis://} URL, overriding host/port/database when present
 * @param user login user, may be empty
 * @param password resolved password ({@code ENC()}, {@code ${ENV}} and {@code dbPwdFile} already
 *     applied)
 * @param labels the datasource's own labels ({@code labels = "k=v,k=v"}), in the written order
 * @param customMetricsFiles custom metric files, see {@code docs/custom-metrics.md}
 * @param customMaxValueBytes bytes one value of a custom query's result may have
 * @param customMaxResultBytes bytes all values of a custom query's result may have together
 * @param options the values of the engine's own keys that the config writes
 */
public record DatasourceConfig(
    String name,
    String engine,
    String engineAlias,
    String host,
    int port,
    Optional<String> database,
    Optional<URI> url,
    String user,
    Secret password,
    Duration queryTimeout,
    Duration connectTimeout,
    int maxOpenConns,
    int maxIdleConns,
    Duration connMaxLifetime,
    Duration healthCheckInterval,
    Duration bigKeyDataCacheTime,
    Duration alarmKeyCacheTime,
    boolean registerHostMetrics,
    boolean registerDatabaseMetrics,
    boolean registerCustomMetrics,
    Priority priority,
    Map<String, String> labels,
    List<Path> customMetricsFiles,
    int customMaxValueBytes,
    int customMaxResultBytes,
    List<String> collectors,
    List<String> excludeCollectors,
    List<String> optionalCollectors,
    boolean enabled,
    String description,
    EngineOptions options) {

  public DatasourceConfig {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    customMetricsFiles = List.copyOf(customMetricsFiles);
    collectors = List.copyOf(collectors);
    excludeCollectors = List.copyOf(excludeCollectors);
    optionalCollectors = List.copyOf(optionalCollectors);
  }

  /** {@code host:port}, never with the password: safe to print. */
  public String address() {
    return url.map(DatasourceConfig::redactUrl).orElse(host + ":" + port);
  }

  /**
   * The server as {@code host:port} (several, comma-separated, for a URL with several hosts), never
   * with credentials: the value of a definition's {@code serverLabel}.
   */
  public String server() {
    return ServerAddress.of(host, port, url.map(URI::toString).orElse(null));
  }

  private static String redactUrl(URI uri) {
    String s = uri.toString();
    // user:password@ and password=... in a URL must never be printed.
    return s.replaceAll("//[^/@]*@", "//")
        .replaceAll("(?i)([?&;](password|pwd)=)[^&;]*", "$1******");
  }

  /**
   * Whether {@code optionalCollectors} turns on the collector {@code id} (off by default): named, a
   * part of a named one ({@code info_schema.tables.size} of {@code info_schema.tables}), or {@code
   * "all"}.
   */
  public boolean optionalCollector(String id) {
    // An exporter collector that takes several queries is several definitions "<id>.<part>":
    // naming the collector turns on each of its parts.
    return optionalCollectors.contains("all")
        || optionalCollectors.stream().anyMatch(o -> id.equals(o) || id.startsWith(o + "."));
  }

  /** The value of one of the engine's own keys: as written, or its default. */
  public <T> T option(Option<T> option) {
    return options.get(option);
  }

  /** This datasource with other engine option values (the loader settles some after binding). */
  public DatasourceConfig withOptions(EngineOptions o) {
    return new DatasourceConfig(
        name,
        engine,
        engineAlias,
        host,
        port,
        database,
        url,
        user,
        password,
        queryTimeout,
        connectTimeout,
        maxOpenConns,
        maxIdleConns,
        connMaxLifetime,
        healthCheckInterval,
        bigKeyDataCacheTime,
        alarmKeyCacheTime,
        registerHostMetrics,
        registerDatabaseMetrics,
        registerCustomMetrics,
        priority,
        labels,
        customMetricsFiles,
        customMaxValueBytes,
        customMaxResultBytes,
        collectors,
        excludeCollectors,
        optionalCollectors,
        enabled,
        description,
        o);
  }

  /** Every field, with the URL redacted as in {@link #address()} and the password masked. */
  @Override
  public String toString() {
    return "DatasourceConfig[name="
        + name
        + ", engine="
        + engine
        + ", engineAlias="
        + engineAlias
        + ", host="
        + host
        + ", port="
        + port
        + ", database="
        + database
        + ", url="
        + url.map(DatasourceConfig::redactUrl)
        + ", user="
        + user
        + ", password="
        + password
        + ", queryTimeout="
        + queryTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", maxOpenConns="
        + maxOpenConns
        + ", maxIdleConns="
        + maxIdleConns
        + ", connMaxLifetime="
        + connMaxLifetime
        + ", healthCheckInterval="
        + healthCheckInterval
        + ", bigKeyDataCacheTime="
        + bigKeyDataCacheTime
        + ", alarmKeyCacheTime="
        + alarmKeyCacheTime
        + ", registerHostMetrics="
        + registerHostMetrics
        + ", registerDatabaseMetrics="
        + registerDatabaseMetrics
        + ", registerCustomMetrics="
        + registerCustomMetrics
        + ", priority="
        + priority
        + ", labels="
        + labels
        + ", customMetricsFiles="
        + customMetricsFiles
        + ", customMaxValueBytes="
        + customMaxValueBytes
        + ", customMaxResultBytes="
        + customMaxResultBytes
        + ", collectors="
        + collectors
        + ", excludeCollectors="
        + excludeCollectors
        + ", optionalCollectors="
        + optionalCollectors
        + ", enabled="
        + enabled
        + ", description="
        + description
        + ", options="
        + options
        + "]";
  }

  /** A builder with every default applied; used by the config loader and by tests. */
  public static DatasourceBuilder builder(String name, String engine) {
    return new DatasourceBuilder(name, engine);
  }
}
