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
 * One validated {@code [[datasource]]} entry. Built only by the config loader, after every key
 * was checked; the rest of the program never sees unvalidated input.
 *
 * <p>It holds the keys every engine shares; the keys an engine brings itself ({@link OptionTable})
 * are in {@link #options()} and read with {@link #option(Option)}.
 *
 * <p>Durations are already converted from the seed's plain numbers (for example {@code
 * queryTimeout = 30} is 30 seconds, {@code connMaxLifetime = 30} is 30 minutes).
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
    boolean enabled,
    String description,
    EngineOptions options) {

  public DatasourceConfig {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    customMetricsFiles = List.copyOf(customMetricsFiles);
    collectors = List.copyOf(collectors);
    excludeCollectors = List.copyOf(excludeCollectors);
  }

  /** {@code host:port}, never with the password: safe to print. */
  public String address() {
    return url.map(DatasourceConfig::redactUrl).orElse(host + ":" + port);
  }

  private static String redactUrl(URI uri) {
    String s = uri.toString();
    // user:password@ and password=... in a URL must never be printed.
    return s.replaceAll("//[^/@]*@", "//")
        .replaceAll("(?i)([?&;](password|pwd)=)[^&;]*", "$1******");
  }

  /** The value of one of the engine's own keys: as written, or its default. */
  public <T> T option(Option<T> option) {
    return options.get(option);
  }

  /** This datasource with other engine option values (the loader settles some after binding). */
  public DatasourceConfig withOptions(EngineOptions o) {
    return new DatasourceConfig(
        name, engine, engineAlias, host, port, database, url, user, password, queryTimeout,
        connectTimeout, maxOpenConns, maxIdleConns, connMaxLifetime, healthCheckInterval,
        bigKeyDataCacheTime, alarmKeyCacheTime, registerHostMetrics, registerDatabaseMetrics,
        registerCustomMetrics, priority, labels, customMetricsFiles, customMaxValueBytes,
        customMaxResultBytes, collectors, excludeCollectors, enabled, description, o);
  }

  /** Every field, with the URL redacted as in {@link #address()} and the password masked. */
  @Override
  public String toString() {
    return "DatasourceConfig[name=" + name + ", engine=" + engine + ", engineAlias=" + engineAlias
        + ", host=" + host + ", port=" + port + ", database=" + database
        + ", url=" + url.map(DatasourceConfig::redactUrl) + ", user=" + user
        + ", password=" + password + ", queryTimeout=" + queryTimeout
        + ", connectTimeout=" + connectTimeout + ", maxOpenConns=" + maxOpenConns
        + ", maxIdleConns=" + maxIdleConns + ", connMaxLifetime=" + connMaxLifetime
        + ", healthCheckInterval=" + healthCheckInterval
        + ", bigKeyDataCacheTime=" + bigKeyDataCacheTime
        + ", alarmKeyCacheTime=" + alarmKeyCacheTime
        + ", registerHostMetrics=" + registerHostMetrics
        + ", registerDatabaseMetrics=" + registerDatabaseMetrics
        + ", registerCustomMetrics=" + registerCustomMetrics + ", priority=" + priority
        + ", labels=" + labels + ", customMetricsFiles=" + customMetricsFiles
        + ", customMaxValueBytes=" + customMaxValueBytes
        + ", customMaxResultBytes=" + customMaxResultBytes
        + ", collectors=" + collectors + ", excludeCollectors=" + excludeCollectors
        + ", enabled=" + enabled + ", description=" + description
        + ", options=" + options + "]";
  }

  /** A builder with every default applied; used by the config loader and by tests. */
  public static Builder builder(String name, String engine) {
    return new Builder(name, engine);
  }

  /**
   * Defaults of every datasource key, as documented in {@code config/dbscope.toml}. Changing one
   * here means changing the sample configs and docs too (a test compares them).
   */
  public static final class Builder {
    private final String name;
    private final String engine;
    private String engineAlias;
    private String host = "127.0.0.1";
    private int port;
    private Optional<String> database = Optional.empty();
    private Optional<URI> url = Optional.empty();
    private String user = "";
    private Secret password = Secret.empty();
    private Duration queryTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxOpenConns = 3;
    private int maxIdleConns = 1;
    private Duration connMaxLifetime = Duration.ofMinutes(30);
    private Duration healthCheckInterval = Duration.ofSeconds(30);
    private Duration bigKeyDataCacheTime = Duration.ZERO;
    private Duration alarmKeyCacheTime = Duration.ZERO;
    private boolean registerHostMetrics = false;
    private boolean registerDatabaseMetrics = true;
    private boolean registerCustomMetrics = true;
    private Priority priority = Priority.MEDIUM;
    private Map<String, String> labels = new LinkedHashMap<>();
    private List<Path> customMetricsFiles = List.of();
    private int customMaxValueBytes = 1_048_576;
    private int customMaxResultBytes = 16_777_216;
    private List<String> collectors = List.of();
    private List<String> excludeCollectors = List.of();
    private boolean enabled = true;
    private String description = "";
    private EngineOptions options = EngineOptions.none();

    private Builder(String name, String engine) {
      this.name = name;
      this.engine = engine;
      this.engineAlias = engine;
    }

    public Builder engineAlias(String v) { engineAlias = v; return this; }
    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder database(String v) { database = Optional.ofNullable(v); return this; }
    public Builder url(URI v) { url = Optional.ofNullable(v); return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder password(Secret v) { password = v; return this; }
    public Builder queryTimeout(Duration v) { queryTimeout = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder maxOpenConns(int v) { maxOpenConns = v; return this; }
    public Builder maxIdleConns(int v) { maxIdleConns = v; return this; }
    public Builder connMaxLifetime(Duration v) { connMaxLifetime = v; return this; }
    public Builder healthCheckInterval(Duration v) { healthCheckInterval = v; return this; }
    public Builder bigKeyDataCacheTime(Duration v) { bigKeyDataCacheTime = v; return this; }
    public Builder alarmKeyCacheTime(Duration v) { alarmKeyCacheTime = v; return this; }
    public Builder registerHostMetrics(boolean v) { registerHostMetrics = v; return this; }
    public Builder registerDatabaseMetrics(boolean v) { registerDatabaseMetrics = v; return this; }
    public Builder registerCustomMetrics(boolean v) { registerCustomMetrics = v; return this; }
    public Builder priority(Priority v) { priority = v; return this; }
    public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
    public Builder customMetricsFiles(List<Path> v) { customMetricsFiles = v; return this; }
    public Builder customMaxValueBytes(int v) { customMaxValueBytes = v; return this; }
    public Builder customMaxResultBytes(int v) { customMaxResultBytes = v; return this; }
    public Builder collectors(List<String> v) { collectors = v; return this; }
    public Builder excludeCollectors(List<String> v) { excludeCollectors = v; return this; }
    public Builder enabled(boolean v) { enabled = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public <T> Builder option(Option<T> o, T v) { options = options.with(o, v); return this; }
    public Builder options(EngineOptions v) { options = v; return this; }

    public DatasourceConfig build() {
      return new DatasourceConfig(
          name, engine, engineAlias, host, port, database, url, user, password, queryTimeout,
          connectTimeout, maxOpenConns, maxIdleConns, connMaxLifetime, healthCheckInterval,
          bigKeyDataCacheTime, alarmKeyCacheTime, registerHostMetrics, registerDatabaseMetrics,
          registerCustomMetrics, priority, labels, customMetricsFiles, customMaxValueBytes,
          customMaxResultBytes, collectors, excludeCollectors, enabled, description, options);
    }
  }
}
