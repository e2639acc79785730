package io.dbscope.testkit.contract;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.engine.Engine;

/**
 * One engine on one started real server, as the contracts see it: the engine, datasources on the
 * server and the few facts about the engine that the contracts cannot know. Each engine's test tree
 * has one implementation ({@code PostgresUnderTest}, {@code MariaDbUnderTest}, {@code
 * RedisUnderTest}); a contract's subclass only says which, so that starting a server and
 * configuring a datasource on it are written once per engine, not once per contract.
 *
 * <p>Closing it stops the server.
 */
public interface EngineUnderTest extends AutoCloseable {

  /** The engine under test, one instance for the server's life. */
  Engine engine();

  /** The datasource name the tests use ({@code pg}, {@code maria}), as labels and logs show it. */
  String name();

  /** A datasource named {@code name} on the server, connected as its admin. */
  DatasourceBuilder datasource(String name);

  /** A datasource named {@link #name()} on the server, connected as its admin. */
  default DatasourceBuilder datasource() {
    return datasource(name());
  }

  /** The engine's up gauge, {@code pg_up} for example. */
  default String upMetric() {
    return engine().upMetric();
  }

  /** A built-in collector that runs in every scrape, {@code pg_stat_database} say. */
  String builtInCollector();

  /** A query in the engine's own language that the server (or the engine) refuses to run. */
  String failingQuery();

  /** Stops the server. */
  @Override
  void close();
}
