package io.dbscope.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link DatasourceConfig}. Defaults of every datasource key, as documented in {@code
 * config/dbscope.toml}. Changing one here means changing the sample configs and docs too (a test
 * compares them).
 */
public final class DatasourceBuilder {
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
  private List<String> optionalCollectors = List.of();
  private boolean enabled = true;
  private String description = "";
  private EngineOptions options = EngineOptions.none();

  DatasourceBuilder(String name, String engine) {
    this.name = name;
    this.engine = engine;
    this.engineAlias = engine;
  }

  public DatasourceBuilder engineAlias(String v) {
    engineAlias = v;
    return this;
  }

  public DatasourceBuilder host(String v) {
    host = v;
    return this;
  }

  public DatasourceBuilder port(int v) {
    port = v;
    return this;
  }

  public DatasourceBuilder database(String v) {
    database = Optional.ofNullable(v);
    return this;
  }

  public DatasourceBuilder url(URI v) {
    url = Optional.ofNullable(v);
    return this;
  }

  public DatasourceBuilder user(String v) {
    user = v;
    return this;
  }

  public DatasourceBuilder password(Secret v) {
    password = v;
    return this;
  }

  public DatasourceBuilder queryTimeout(Duration v) {
    queryTimeout = v;
    return this;
  }

  public DatasourceBuilder connectTimeout(Duration v) {
    connectTimeout = v;
    return this;
  }

  public DatasourceBuilder maxOpenConns(int v) {
    maxOpenConns = v;
    return this;
  }

  public DatasourceBuilder maxIdleConns(int v) {
    maxIdleConns = v;
    return this;
  }

  public DatasourceBuilder connMaxLifetime(Duration v) {
    connMaxLifetime = v;
    return this;
  }

  public DatasourceBuilder healthCheckInterval(Duration v) {
    healthCheckInterval = v;
    return this;
  }

  public DatasourceBuilder bigKeyDataCacheTime(Duration v) {
    bigKeyDataCacheTime = v;
    return this;
  }

  public DatasourceBuilder alarmKeyCacheTime(Duration v) {
    alarmKeyCacheTime = v;
    return this;
  }

  public DatasourceBuilder registerHostMetrics(boolean v) {
    registerHostMetrics = v;
    return this;
  }

  public DatasourceBuilder registerDatabaseMetrics(boolean v) {
    registerDatabaseMetrics = v;
    return this;
  }

  public DatasourceBuilder registerCustomMetrics(boolean v) {
    registerCustomMetrics = v;
    return this;
  }

  public DatasourceBuilder priority(Priority v) {
    priority = v;
    return this;
  }

  public DatasourceBuilder labels(Map<String, String> v) {
    labels = new LinkedHashMap<>(v);
    return this;
  }

  public DatasourceBuilder customMetricsFiles(List<Path> v) {
    customMetricsFiles = v;
    return this;
  }

  public DatasourceBuilder customMaxValueBytes(int v) {
    customMaxValueBytes = v;
    return this;
  }

  public DatasourceBuilder customMaxResultBytes(int v) {
    customMaxResultBytes = v;
    return this;
  }

  public DatasourceBuilder collectors(List<String> v) {
    collectors = v;
    return this;
  }

  public DatasourceBuilder excludeCollectors(List<String> v) {
    excludeCollectors = v;
    return this;
  }

  public DatasourceBuilder optionalCollectors(List<String> v) {
    optionalCollectors = v;
    return this;
  }

  public DatasourceBuilder enabled(boolean v) {
    enabled = v;
    return this;
  }

  public DatasourceBuilder description(String v) {
    description = v;
    return this;
  }

  public <T> DatasourceBuilder option(Option<T> o, T v) {
    options = options.with(o, v);
    return this;
  }

  public DatasourceBuilder options(EngineOptions v) {
    options = v;
    return this;
  }

  public DatasourceConfig build() {
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
        options);
  }
}
