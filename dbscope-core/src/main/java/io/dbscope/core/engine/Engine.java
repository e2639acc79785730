package io.dbscope.core.engine;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.util.List;
import java.util.Map;

/**
 * One database engine: how to reach it and its built-in definitions. Engines depend on core and
 * never on each other; the server module lists them in one explicit {@link EngineCatalog}.
 */
public interface Engine {

  /** Normalized id used in config ({@code postgres}, {@code mysql}, {@code redis}). */
  String id();

  /** Other names accepted in config ({@code postgresql}, {@code mariadb}). */
  default List<String> aliases() {
    return List.of();
  }

  int defaultPort();

  /**
   * Whether a datasource must write {@code dbHost} or {@code url}. An engine that reaches its
   * source through an SDK's own endpoint resolution (a cloud API found from a region) returns
   * false; its {@code url}, when written, then overrides that endpoint.
   */
  default boolean addressRequired() {
    return true;
  }

  /**
   * One paragraph of Markdown for {@code docs/configuration.md}: what {@code database} and {@code
   * url} mean for this engine, and anything a shared key does differently here.
   */
  default String about() {
    return "";
  }

  /**
   * A URL of the form the engine's {@code url} key takes, for messages and docs (such as {@code
   * jdbc:<driver>://host:port/database}); empty when the engine takes no URL.
   */
  default String urlExample() {
    return "";
  }

  /**
   * The datasource keys this engine brings beyond the shared ones, in tables; the loader reads and
   * checks them, and {@code docs/configuration.md} lists them. Read with {@link
   * DatasourceConfig#option(Option)}.
   */
  default List<OptionTable> optionTables() {
    return List.of();
  }

  /**
   * The top-level keys this engine brings (built from {@link Option#globalStrings} and the like),
   * read with {@code GlobalConfig.option}. Engines sharing a key list the same table.
   */
  default List<OptionTable> globalOptionTables() {
    return List.of();
  }

  /**
   * Definition groups of this engine's own (beyond {@code database}, {@code host} and {@code
   * custom}) with the boolean key of its option tables that switches each on.
   */
  default Map<String, Option<Boolean>> groupSwitches() {
    return Map.of();
  }

  /**
   * Settles option values that depend on the other datasources of the config, once after all are
   * read (for example a scope that narrows when several datasources name one server). Returns the
   * datasource unchanged by default.
   *
   * @param all every datasource of the config, this one included
   */
  default DatasourceConfig resolveOptions(DatasourceConfig config, List<DatasourceConfig> all) {
    return config;
  }

  /**
   * Problems of a datasource that only the other datasources reveal (a key naming another
   * datasource that does not exist), each as {@code key: reason}; reported at load with the file
   * and line of the datasource, like {@link #validate}'s. None by default.
   *
   * @param all every datasource of the config that loaded, this one included
   */
  default List<String> validateAmong(DatasourceConfig config, List<DatasourceConfig> all) {
    return List.of();
  }

  /**
   * Name of the community exporter's "up" metric ({@code pg_up}, {@code mysql_up}, {@code
   * redis_up}).
   */
  String upMetric();

  /**
   * The community exporter's own health families (scrapes, last error, durations, per-collector
   * success) with its names and collector names; none by default.
   */
  default ExporterHealth exporterHealth() {
    return ExporterHealth.NONE;
  }

  /** Help text of {@link #upMetric()}. */
  default String upHelp() {
    return "Whether the last scrape of the database was able to connect to the server (1 for yes, 0 for no).";
  }

  /**
   * The guard of custom metric queries for this engine's datasources, which only the engine can
   * read. An engine that cannot check its queries refuses every one, so that custom metrics never
   * run unchecked.
   *
   * @param global the values of the engine's {@link #globalOptionTables} (such as calls the
   *     operator allows beyond the engine's own lists)
   */
  default QueryGuard queryGuard(EngineOptions global) {
    return QueryGuard.refusingAll(
        "engine " + id() + " cannot check custom queries; custom metrics are not supported for it");
  }

  /**
   * Which of the engine's guards reads this datasource's custom queries, for an engine whose
   * datasources say what their server speaks (a generic JDBC engine's {@code sqlDialect}); files
   * are parsed once per engine and variant. Empty, the one guard of {@link
   * #queryGuard(EngineOptions)}, by default.
   */
  default String guardVariant(DatasourceConfig config) {
    return "";
  }

  /** The guard of a {@link #guardVariant}; the engine's one guard by default. */
  default QueryGuard queryGuard(EngineOptions global, String variant) {
    return queryGuard(global);
  }

  /**
   * What this engine's driver says in its errors (types, codes, message words), for {@link
   * #classify} and {@link #connectionLost}; none by default, leaving core's socket rules.
   */
  default ErrorSigns errorSigns() {
    return ErrorSigns.NONE;
  }

  /** The kind of a failure, for the {@code kind} label of connect failures and for timeouts. */
  default ErrorKind classify(Throwable e) {
    return ErrorKind.of(e, errorSigns());
  }

  /** Whether a failure broke the connection, so that nothing more runs on it this scrape. */
  default boolean connectionLost(Throwable e) {
    return ErrorKind.connectionLost(e, errorSigns());
  }

  /** Built-in definitions, loaded and checked once. */
  List<Definition> definitions();

  /**
   * Creates the datasource's pool or connection holder. Must not connect: connections are made
   * lazily by {@link Target#open}.
   */
  Target open(DatasourceConfig config, EngineResources resources);

  /** Collectors with state between scrapes, new instances for one datasource (query analytics). */
  default java.util.List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    return List.of();
  }

  /**
   * Every collector id a datasource can name in {@code collectors}/{@code excludeCollectors}: the
   * definitions' and the stateful collectors'.
   */
  default List<String> collectorIds() {
    List<String> ids = new java.util.ArrayList<>();
    definitions().forEach(d -> ids.add(d.id()));
    statefulCollectors(DatasourceConfig.builder("collector-ids", id()).build())
        .forEach(c -> ids.add(c.id()));
    return ids;
  }

  /**
   * Checks engine-specific settings of a datasource (URL options, database names) and returns
   * readable problems, or an empty list.
   */
  default List<String> validate(DatasourceConfig config) {
    return List.of();
  }
}
