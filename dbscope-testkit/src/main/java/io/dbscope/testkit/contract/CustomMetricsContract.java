package io.dbscope.testkit.contract;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every custom-metrics test of a SQL engine needs: one real server per test class, the
 * engine, and small helpers to write {@code [[metric]]} files, build a datasource on them and ask
 * the server directly. The contracts ({@link ResultBoundsContract}, {@link FailingQueryContract},
 * {@link CleanSessionContract}) hold the shared tests; an engine's test is a thin subclass that
 * says what differs: how its server starts, the SQL that prepares it, how its datasource is
 * configured, and its built-in names.
 *
 * <p>The test instance lives for the whole class, so that {@link BeforeAll} can ask the subclass
 * (an instance) for its fixture: the server is started once per class, as with static fixtures.
 *
 * <pre>{@code
 * class PostgresResultBoundsTest extends ResultBoundsContract {
 *   protected AutoCloseable startServer() { return pg = PostgresFixture.builder().start(); }
 *   ...
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CustomMetricsContract {
  /** Where the tests write their custom-metrics files; one folder for the class. */
  @TempDir protected Path dir;

  private AutoCloseable server;
  private EngineResources resources;
  private Engine engine;

  /** Starts the engine's real server; it is closed after the last test of the class. */
  protected abstract AutoCloseable startServer() throws Exception;

  /** A new engine under test. */
  protected abstract Engine newEngine();

  /** Statements that prepare the server (tables, views, functions, users), run as its admin. */
  protected abstract List<String> setup();

  /** A new connection to the server as its admin, outside dbscope. */
  protected abstract Connection connect() throws SQLException;

  /**
   * A datasource named {@link #name()} of this engine on the server, connected as its admin; the
   * tests add files, timeouts and bounds.
   */
  protected abstract DatasourceConfig.Builder datasourceConfig();

  /** The datasource name {@link #datasourceConfig()} gives, as it stands in labels and logs. */
  protected abstract String name();

  /** The engine's up gauge, {@code pg_up} for example. */
  protected abstract String upMetric();

  /** A built-in collector that runs next to the custom ones, {@code pg_stat_database} say. */
  protected abstract String builtInCollector();

  @BeforeAll
  final void startContractServer() throws Exception {
    server = startServer();
    resources = EngineResources.create();
    engine = newEngine();
    sql(setup().toArray(String[]::new));
  }

  @AfterAll
  final void stopContractServer() throws Exception {
    if (resources != null) {
      resources.close();
    }
    if (server != null) {
      server.close();
    }
  }

  protected final Engine engine() {
    return engine;
  }

  protected final EngineResources resources() {
    return resources;
  }

  /** One {@code [[metric]]} with a value column {@code n}; {@code extra} ends it (TOML lines). */
  public static String metric(String context, String sql, String extra) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\n"
        + "metricsdesc = { n = \"N.\" }\n"
        + extra
        + "\n";
  }

  /** One {@code [[metric]]} with a value column {@code n} and nothing else. */
  public static String metric(String context, String sql) {
    return metric(context, sql, "");
  }

  protected final Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** A datasource on {@code cfg} with its custom files resolved as {@code dbscope run} does. */
  protected final MonitoredDatasource datasource(DatasourceConfig cfg) {
    return datasource(cfg, EngineOptions.none());
  }

  /**
   * As {@link #datasource(DatasourceConfig)}, with top-level keys the engine brings (such as the
   * functions the operator allows by name).
   */
  protected final MonitoredDatasource datasource(DatasourceConfig cfg, EngineOptions global) {
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false, global));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  /** One scrape of {@code ds}, as Prometheus would read it. */
  protected static ExpositionText scrape(MonitoredDatasource ds, Duration deadline) {
    return Scraped.of(ds.collect(Deadline.in(deadline)));
  }

  /** {@code dbscope_collector_success} of {@code collector} on this engine's datasource. */
  protected final double success(ExpositionText s, String collector) {
    return Scraped.success(s, name(), collector);
  }

  /** Runs {@code statements} as the admin, outside dbscope. */
  protected final void sql(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** The first column of the first row of {@code sql}, on a connection of its own. */
  protected final long count(String sql) throws SQLException {
    try (Connection c = connect()) {
      return count(c, sql);
    }
  }

  /** The first column of the first row of {@code sql} on {@code c}. */
  protected static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
