package io.dbscope.core.engine;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.util.List;

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
   * Name of the community exporter's "up" metric ({@code pg_up}, {@code mysql_up}, {@code
   * redis_up}).
   */
  String upMetric();

  /** Help text of {@link #upMetric()}. */
  default String upHelp() {
    return "Whether the last scrape of the database was able to connect to the server (1 for yes, 0 for no).";
  }

  /**
   * The guard of custom metric queries for this engine's datasources, which only the engine can
   * read. An engine that cannot check its queries refuses every one, so that custom metrics never
   * run unchecked.
   *
   * @param allowedFunctions the operator's global {@code allowedFunctions}: calls allowed beyond
   *     the engine's own lists, as written in a query
   */
  default QueryGuard queryGuard(List<String> allowedFunctions) {
    return QueryGuard.refusingAll(
        "engine " + id() + " cannot check custom queries; custom metrics are not supported for it");
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

  /**
   * Collectors with state between scrapes, new instances for one datasource (query analytics).
   */
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
